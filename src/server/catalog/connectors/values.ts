/**
 * Readers for untrusted values: each takes `unknown` and returns a typed value or undefined, so a
 * platform mapper can pick fields out of any JSON, XML or CSV record without trusting its shape.
 */

export type Loose = Readonly<Record<string, unknown>>;

/** The value as a plain object, or undefined (arrays and null are not records). */
export function record(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

/** The value as an array; a single value becomes a one-element array, nothing an empty one. */
export function list(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null || value === '' ? [] : [value];
}

/** Trimmed text from a string or a finite number; empty text is undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The first of the values that reads as text. */
export function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    for (const each of list(value)) {
      const found = text(each);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Booleans as stores write them: true, 1, "1", "yes", "true", "in stock", "in_stock". */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const word = text(value)?.toLowerCase().replace(/[\s_-]+/g, ' ');
  if (word === undefined) return undefined;
  if (['1', 'true', 'yes', 'y', 'in stock', 'instock', 'available', 'preorder', 'pre order', 'backorder', 'on backorder', 'onbackorder'].includes(word)) return true;
  if (['0', 'false', 'no', 'n', 'out of stock', 'outofstock', 'sold out', 'unavailable', 'discontinued'].includes(word)) return false;
  return undefined;
}

/** Splits "a, b, c" (or by another separator) into trimmed non-empty parts; arrays pass through. */
export function parts(value: unknown, separator: RegExp | string = ','): string[] {
  const out: string[] = [];
  for (const each of list(value)) {
    const found = text(each);
    if (found !== undefined) out.push(...found.split(separator).map((part) => part.trim()).filter((part) => part !== ''));
  }
  return out;
}
