// A stand-in for a Shopify store's storefront data and Ajax Cart API, over the demo catalog:
// Shopify cannot run here. Shapes follow Shopify's documented JSON (cart.js, cart/add.js and their
// 422 errors), reduced to the fields the demo and tests read. Carts live in memory, keyed by a
// `cart` cookie as on Shopify.
import { randomUUID } from 'node:crypto';
import { DEMO_PRODUCTS as DEMO_CATALOG } from '../demo-products.mjs';

export const STORE_ROOT = '/shopify/store/';
export const SHOP = { name: 'Lumen & Loom (stand-in)', permanent_domain: 'lumen-and-loom.myshopify.com', currency: 'USD' };

/** How many of each variant the stand-in store has: adding more answers 422, as Shopify does. */
export const STOCK = 3;
const MAX_CARTS = 1000;

/** The demo catalog as Shopify's Liquid `product` objects (prices in cents, numeric ids). */
export const PRODUCTS = DEMO_CATALOG.map((p, i) => {
  const price = Math.round(p.price.amount * 100);
  const variant = { id: Number(p.variantId), title: 'Default Title', price, available: p.available };
  return {
    id: 7_000_000_000_001 + i,
    handle: p.handle,
    title: p.title,
    description: p.description,
    price,
    available: p.available,
    url: `${STORE_ROOT}products/${p.handle}`,
    featured_image: `/catalog-images/${p.image}`,
    variants: [variant],
    selected_or_first_available_variant: variant,
  };
});

const byVariant = new Map(PRODUCTS.map((p) => [p.variants[0].id, p]));

/** The demo catalog's sibling products ("Silk Veil Foundation - Sand") as one product's shades. */
export function shadesOf(product) {
  const family = product.title.split(' - ')[0];
  return PRODUCTS.filter((p) => p.title.split(' - ')[0] === family);
}

const cartError = (status, message, description) => ({ status, body: { status, message, description } });

export class StandInCarts {
  /** token -> (variant id -> quantity), oldest first so the map can be bounded. */
  carts = new Map();

  /** The token of the request's `cart` cookie, or a new one (with the header that sets it). */
  token(req) {
    const found = /(?:^|;\s*)cart=([\w-]{1,64})/.exec(req.headers.cookie ?? '');
    if (found) return { token: found[1], setCookie: undefined };
    const token = randomUUID();
    return { token, setCookie: `cart=${token}; Path=/; SameSite=Lax; HttpOnly` };
  }

  lines(token) {
    let lines = this.carts.get(token);
    if (!lines) {
      if (this.carts.size >= MAX_CARTS) this.carts.delete(this.carts.keys().next().value);
      lines = new Map();
      this.carts.set(token, lines);
    }
    return lines;
  }

  /** `POST cart/add.js` with `{ items: [{ id, quantity }] }`: the added line items, or Shopify's error JSON. */
  add(token, payload) {
    const items = payload && Array.isArray(payload.items) ? payload.items : undefined;
    const valid = items?.length > 0 && items.length <= 20 && items.every((item) =>
      /^\d{1,16}$/.test(String(item?.id)) && (item.quantity === undefined || (Number.isInteger(item.quantity) && item.quantity > 0 && item.quantity < 100)));
    if (!valid) return cartError(400, 'Parameter Missing or Invalid', 'Required parameter missing or invalid: items');
    const lines = this.lines(token);
    for (const item of items) {
      const product = byVariant.get(Number(item.id));
      if (!product) return cartError(404, 'Cart Error', 'Cannot find variant');
      if (!product.available) return cartError(422, 'Cart Error', `The product '${product.title}' is already sold out.`);
      if ((lines.get(product.variants[0].id) ?? 0) + (item.quantity ?? 1) > STOCK) {
        return cartError(422, 'Cart Error', `All ${STOCK} ${product.title} are in your cart.`);
      }
    }
    for (const item of items) lines.set(Number(item.id), (lines.get(Number(item.id)) ?? 0) + (item.quantity ?? 1));
    return { status: 200, body: { items: items.map((item) => this.lineItem(Number(item.id), item.quantity ?? 1)) } };
  }

  lineItem(variantId, quantity) {
    const product = byVariant.get(variantId);
    return {
      id: variantId,
      variant_id: variantId,
      product_id: product.id,
      key: `${variantId}:stand-in`,
      title: product.title,
      product_title: product.title,
      handle: product.handle,
      url: `${product.url}?variant=${variantId}`,
      image: product.featured_image,
      quantity,
      price: product.price,
      line_price: product.price * quantity,
    };
  }

  /** `GET cart.js`. */
  cart(token) {
    const items = [...(this.carts.get(token) ?? new Map())].map(([variantId, quantity]) => this.lineItem(variantId, quantity));
    const total = items.reduce((sum, item) => sum + item.line_price, 0);
    return {
      token,
      note: null,
      attributes: {},
      original_total_price: total,
      total_price: total,
      total_discount: 0,
      item_count: items.reduce((sum, item) => sum + item.quantity, 0),
      items,
      requires_shipping: true,
      currency: SHOP.currency,
      items_subtotal_price: total,
    };
  }
}
