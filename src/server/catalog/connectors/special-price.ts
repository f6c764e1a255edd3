import { parsePrice } from './price.js';
import { text } from './values.js';

/**
 * Magento's special price and its window, as GraphQL (`special_price`, `special_from_date`,
 * `special_to_date`) and the import CSV (`special_price`, `special_price_from_date`,
 * `special_price_to_date`) give them.
 */
export interface SpecialPrice {
  regular: unknown;
  /** GraphQL's `final_price`: Magento's price index, which may lag the window by a day or more. */
  final?: unknown;
  special: unknown;
  from: unknown;
  to: unknown;
}

/**
 * The price a shopper pays today and the "was" price, decided from the special price's window
 * rather than trusted from the price index: Magento rebuilds that index by cron, so on a store
 * whose cron is late `final_price` still shows a special price after its last day, or not yet on
 * its first. Magento counts both dates as whole days of the store's calendar: `today` is the
 * store's date as YYYY-MM-DD. A date that cannot be read keeps the special price off: showing the
 * regular price is wrong by a discount, showing an ended discount is a price checkout will not honour.
 */
export function specialPriced(prices: SpecialPrice, today: string): { price: unknown; compareAtPrice?: unknown } {
  const regular = parsePrice(prices.regular)?.amount;
  const final = parsePrice(prices.final)?.amount;
  const special = parsePrice(prices.special)?.amount;
  const shown = prices.final !== undefined && final !== undefined ? prices.final : prices.regular;
  if (special === undefined) return withWas(shown, final ?? regular, prices.regular, regular);
  const from = calendarDay(prices.from);
  const to = calendarDay(prices.to);
  const active = from !== null && to !== null && (from === undefined || from <= today) && (to === undefined || today <= to);
  if (active) {
    // Another discount (a catalog price rule) may go lower still; Magento charges the lowest.
    return final !== undefined && final < special ? withWas(prices.final, final, prices.regular, regular) : withWas(prices.special, special, prices.regular, regular);
  }
  // Outside its window, a final price equal to the special price is the index not rebuilt yet.
  if (final !== undefined && final === special) return { price: prices.regular };
  return withWas(shown, final ?? regular, prices.regular, regular);
}

function withWas(price: unknown, amount: number | undefined, was: unknown, wasAmount: number | undefined): { price: unknown; compareAtPrice?: unknown } {
  return amount !== undefined && wasAmount !== undefined && amount < wasAmount ? { price, compareAtPrice: was } : { price };
}

/**
 * A window date as YYYY-MM-DD: undefined when there is none (open end), null when it cannot be
 * read. Magento writes `2026-12-01 00:00:00` in GraphQL and the database; its CSV export writes
 * the admin locale's short date, `12/1/26` in en_US, and the import takes ISO dates too.
 */
function calendarDay(value: unknown): string | undefined | null {
  const written = text(value);
  if (written === undefined) return undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(written);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,?\s+[\d:]+(?:\s*[AP]M)?)?$/i.exec(written);
  const [year, month, day] = iso ? [iso[1]!, iso[2]!, iso[3]!] : us ? [us[3]!.length === 2 ? `20${us[3]}` : us[3]!, us[1]!, us[2]!] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Today's date in the store's time zone, as YYYY-MM-DD. Misuse (a zone Intl does not know) throws
 * at once, when the connector is made.
 */
export function storeCalendar(timeZone: string, who: string): (now: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    throw new RangeError(`${who}: timeZone must be an IANA time zone such as Europe/Paris (the store's, for special price dates), got ${JSON.stringify(timeZone)}`);
  }
  return (now) => {
    const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
}
