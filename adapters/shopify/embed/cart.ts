/*
 * The storefront's cart through Shopify's Ajax Cart API (`cart/add.js`, `cart.js`), relative to
 * `Shopify.routes.root` so stores with locale or market roots (`/fr/`) keep the shopper's cart.
 */

/** Texts for failures Shopify gives no reason for (from the extension's storefront locales). */
export interface CartMessages {
  /** The request never reached the store. */
  offline: string;
  /** The product card carries no variant to add. */
  noVariant: string;
}

export type CartErrorCode = 'sold_out' | 'refused' | 'offline' | 'no_variant';

/** Why an add to cart failed; `message` is meant for the shopper and is shown on the card. */
export class CartError extends Error {
  constructor(readonly code: CartErrorCode, message: string, readonly status?: number) {
    super(message);
    this.name = 'CartError';
  }
}

/** The parts of Shopify's cart JSON (`cart.js`, or the same names rendered by Liquid) we read. */
export interface ShopifyCartJson {
  item_count?: number;
  /** In the currency's subunit, as everywhere in the Ajax API. */
  total_price?: number;
  currency?: string;
  items?: { variant_id?: number; quantity?: number }[];
}

/** The cart as the chat server sees it in the context. */
export interface CartContext {
  itemCount: number;
  total?: { amount: number; currency: string };
  items: { variantId: string; quantity: number }[];
}

/** Event on `document` after the chat added to the cart; `detail` is `{ cart, items }`. */
export const CART_UPDATED = 'ai-discovery:cart-updated';

export interface ShopifyCartOptions {
  /** `Shopify.routes.root`: '/' or a locale root such as '/fr/'. */
  root: string;
  fetch: typeof fetch;
  /** Where `ai-discovery:cart-updated` is dispatched: the document. */
  target: EventTarget;
  messages: CartMessages;
  /** Called with the cart whenever it was read, to keep the widget's context current. */
  onCart(cart: CartContext): void;
}

const MAX_ITEMS = 20;

export function cartContext(cart: ShopifyCartJson): CartContext {
  const items = (Array.isArray(cart.items) ? cart.items : []).slice(0, MAX_ITEMS).flatMap((item) =>
    typeof item?.variant_id === 'number' && typeof item.quantity === 'number' ? [{ variantId: String(item.variant_id), quantity: item.quantity }] : [],
  );
  const context: CartContext = { itemCount: typeof cart.item_count === 'number' ? cart.item_count : 0, items };
  if (typeof cart.total_price === 'number' && typeof cart.currency === 'string') context.total = { amount: cart.total_price / 100, currency: cart.currency };
  return context;
}

/**
 * The Ajax API takes numeric variant ids. A chat server fed by the Storefront API may send GIDs
 * (`gid://shopify/ProductVariant/123`), so those are reduced to their number.
 */
function variantNumber(id: string): number | string {
  const match = /^(?:gid:\/\/shopify\/ProductVariant\/)?(\d{1,15})$/.exec(id);
  return match ? Number(match[1]) : id;
}

export class ShopifyCart {
  constructor(private readonly options: ShopifyCartOptions) {}

  /**
   * Adds a variant, then reads the cart, dispatches `ai-discovery:cart-updated` and updates the
   * context. Rejects with a `CartError` whose message the widget shows on the card.
   * @example await cart.add('40000000001', 1);
   */
  async add(variantId: string | undefined, quantity: number): Promise<ShopifyCartJson | null> {
    const { root, messages } = this.options;
    if (!variantId) throw new CartError('no_variant', messages.noVariant);
    let response: Response;
    try {
      response = await this.options.fetch(`${root}cart/add.js`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ items: [{ id: variantNumber(variantId), quantity }] }),
      });
    } catch {
      throw new CartError('offline', messages.offline);
    }
    const body = (await response.json().catch(() => ({}))) as { description?: unknown; items?: unknown };
    if (!response.ok) {
      // Shopify's own words for the shopper ("All 2 Linen Shirt are in your cart.") when it gave
      // any; an empty message makes the card show the widget's own, localised "could not add".
      const reason = typeof body.description === 'string' ? body.description : '';
      throw new CartError(response.status === 422 ? 'sold_out' : 'refused', reason, response.status);
    }
    const cart = await this.read();
    this.options.target.dispatchEvent(new CustomEvent(CART_UPDATED, { detail: { cart, items: Array.isArray(body.items) ? body.items : [] } }));
    return cart;
  }

  /** Reads `cart.js` into the context; null when the store could not be read (the add still stands). */
  async read(): Promise<ShopifyCartJson | null> {
    try {
      const response = await this.options.fetch(`${this.options.root}cart.js`, { headers: { Accept: 'application/json' } });
      if (!response.ok) return null;
      const cart = (await response.json()) as ShopifyCartJson;
      this.options.onCart(cartContext(cart));
      return cart;
    } catch {
      return null;
    }
  }
}
