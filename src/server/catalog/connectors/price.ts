/**
 * Prices as stores write them: numbers (19.99), strings ("19.99", "1,299.00", "12,50",
 * "15.00 GBP"), or integers in minor units with the currency's exponent (WooCommerce's "1999"
 * with `currency_minor_unit: 2`). Negative, non-finite and unreadable prices are undefined.
 */
export interface ParsedPrice {
  amount: number;
  /** When the text carried a code ("15.00 GBP"). */
  currency?: string;
}

export function parsePrice(value: unknown, minorUnit?: number): ParsedPrice | undefined {
  if (typeof value === 'number') return finite(minorUnit === undefined ? value : value / 10 ** minorUnit);
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(?:([A-Za-z]{3})\s+)?([^\sA-Za-z]+)\s*(?:([A-Za-z]{3}))?\s*$/.exec(value);
  if (!match) return undefined;
  const digits = (match[2] ?? '').replace(/^[^\d.,-]+/, '');
  const amount = readNumber(digits);
  if (amount === undefined) return undefined;
  const parsed = finite(minorUnit === undefined ? amount : amount / 10 ** minorUnit);
  const currency = currencyCode(match[1] ?? match[3]);
  return parsed && currency ? { ...parsed, currency } : parsed;
}

/** An ISO 4217 shape check (three letters), upper-cased; anything else is undefined. */
export function currencyCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^\s*[A-Za-z]{3}\s*$/.test(value) ? value.trim().toUpperCase() : undefined;
}

/** Minor-unit exponents a feed may state: 0 (JPY) to 4. */
export function minorUnits(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 4 ? n : undefined;
}

function readNumber(raw: string): number | undefined {
  let normal = raw;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)) normal = raw.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(raw)) normal = raw.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(raw)) normal = raw.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normal)) return undefined;
  return Number(normal);
}

function finite(amount: number): ParsedPrice | undefined {
  // Rounded to 1/10000 so minor-unit division leaves no binary tails (1999 / 100 = 19.99 exactly).
  return Number.isFinite(amount) && amount >= 0 ? { amount: Math.round(amount * 10_000) / 10_000 } : undefined;
}
