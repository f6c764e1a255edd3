import type { ChatContext, JsonValue } from '../../../src/protocol/index.js';

/**
 * Magento's `cart` and `customer` customer-data sections, read into chat context. Section data
 * comes from the browser's local storage and /customer/section/load/, so every field is checked;
 * a section that is not there yet (`{}` before the first load) or a guest's `[]` gives nothing.
 */

type JsonObject = { [key: string]: JsonValue };

const MAX_LINES = 20;
const MAX_TITLE = 100;
const MAX_SKU = 64;

/**
 * `{ itemCount, subtotal?, currency?, items: [{ productId, sku?, title, quantity, price? }] }`, at
 * most 20 lines with bounded texts (about 5 KB at worst): the whole context must stay under the
 * server's 8 KB.
 */
export function cartContext(section: unknown, currency: string | undefined): JsonObject | undefined {
  if (!isRecord(section) || (section.summary_count === undefined && section.items === undefined)) return undefined;
  const lines = Array.isArray(section.items) ? section.items.map(cartLine).filter((line): line is CartLine => line !== undefined) : [];
  const cart: JsonObject = {
    itemCount: count(section.summary_count) ?? lines.reduce((n, line) => n + line.quantity, 0),
    items: lines.slice(0, MAX_LINES).map((line) => line.json),
  };
  const subtotal = money(section.subtotalAmount);
  if (subtotal !== undefined) cart.subtotal = subtotal;
  if (currency) cart.currency = currency;
  return cart;
}

interface CartLine {
  quantity: number;
  json: JsonObject;
}

function cartLine(item: unknown): CartLine | undefined {
  if (!isRecord(item)) return undefined;
  const productId = id(item.product_id);
  const title = text(item.product_name, MAX_TITLE);
  const quantity = count(item.qty);
  if (productId === undefined || title === undefined || quantity === undefined) return undefined;
  const json: JsonObject = { productId, title, quantity };
  const sku = text(item.product_sku, MAX_SKU);
  if (sku !== undefined) json.sku = sku;
  // A number, or { incl_tax, excl_tax } when the store shows both prices.
  const priceValue = item.product_price_value;
  const price = money(priceValue) ?? (isRecord(priceValue) ? money(priceValue.incl_tax) : undefined);
  if (price !== undefined) json.price = price;
  return { quantity, json };
}

/**
 * `{ loggedIn, firstName? }`. Magento's customer section carries no customer id; the first name
 * lets the assistant greet a signed-in shopper.
 */
export function customerContext(section: unknown): JsonObject {
  const firstName = isRecord(section) ? text(section.firstname, MAX_TITLE) : undefined;
  const fullName = isRecord(section) ? text(section.fullname, MAX_TITLE) : undefined;
  const customer: JsonObject = { loggedIn: firstName !== undefined || fullName !== undefined };
  if (firstName !== undefined) customer.firstName = firstName;
  return customer;
}

/** Both sections as one partial context, for `widget.setContext`. */
export function sectionsContext(cart: unknown, customer: unknown, currency: string | undefined): ChatContext {
  const context: ChatContext = { customer: customerContext(customer) };
  const cartValue = cartContext(cart, currency);
  if (cartValue) context.cart = cartValue;
  return context;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, max);
}

function id(value: unknown): string | undefined {
  const s = typeof value === 'number' ? String(value) : value;
  return typeof s === 'string' && /^\d{1,20}$/.test(s) ? s : undefined;
}

function count(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function money(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 100) / 100 : undefined;
}
