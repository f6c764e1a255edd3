// A stand-in for the parts of a Magento 2 store the widget talks to: sessions with a form key, a
// quote (cart) per session, session messages, and the customer-data sections built from them.
// Magento itself cannot run here (it needs PHP extensions, MySQL, OpenSearch and Composer access
// to repo.magento.com), so this mimics what its controllers answer, as documented and as read in
// Magento_Checkout's Cart\Add controller and Magento_Customer's section load controller.
import { randomBytes } from 'node:crypto';
import { DEMO_PRODUCTS as DEMO_CATALOG } from '../demo-products.mjs';

/**
 * In this stand-in store the chat catalog's numeric `variantId` plays the Magento product entity
 * id, so product cards and the store agree on ids the way a real integration's chat catalog
 * carries entity ids.
 */
const PRODUCTS = new Map(DEMO_CATALOG.map((p) => [p.variantId, p]));

/**
 * Stock the store has that the chat catalog does not know yet: the last ScreenGuard glasses sold
 * after the chat server indexed its catalog, so its card offers "Add to cart" and the store
 * refuses, as Magento does, with an error message in the session.
 */
const SOLD_OUT_IN_STORE = new Set(['ew02']);

const MAX_SESSIONS = 1000;

/** Magento's form keys are 16 letters and digits. */
function formKey() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

const price = (amount, currency = 'USD') => `<span class="price">${new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount)}</span>`;

export function createMagentoStore() {
  /** PHPSESSID to { formKey, lines: Map<productId, qty>, messages: {type, text}[] } */
  const sessions = new Map();

  function session(id) {
    let s = id ? sessions.get(id) : undefined;
    if (!s) {
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value);
      id = randomBytes(16).toString('hex');
      s = { id, formKey: formKey(), lines: new Map(), messages: [] };
      sessions.set(id, s);
    }
    return s;
  }

  /**
   * Magento_Checkout's Cart\Add for an Ajax request (X-Requested-With: XMLHttpRequest). Returns
   * what the controller returns: a redirect for a bad form key or a non-Ajax post, else JSON that
   * is `[]` on success and `{ backUrl }` when it refused, with the reason in the session messages.
   */
  function addToCart(s, fields, { ajax }) {
    if (fields.get('form_key') !== s.formKey) {
      s.messages.push({ type: 'error', text: 'Your session has expired' });
      return { redirect: '/checkout/cart/' };
    }
    const product = PRODUCTS.get(String(Number.parseInt(fields.get('product') ?? '', 10)));
    // Magento answers an unknown id with an empty JSON array and adds nothing, without a message.
    if (!product) return ajax ? { json: [] } : { redirect: '/checkout/cart/' };
    const qty = Number(fields.get('qty') ?? '1');
    if (!(Number.isFinite(qty) && qty > 0)) {
      s.messages.push({ type: 'error', text: 'The product quantity is invalid. Enter a valid quantity and try again.' });
      return ajax ? { json: { backUrl: product.url } } : { redirect: product.url };
    }
    if (!product.available || SOLD_OUT_IN_STORE.has(product.id)) {
      s.messages.push({ type: 'error', text: 'Product that you are trying to add is not available.' });
      return ajax ? { json: { backUrl: product.url, product: { statusText: 'Out of stock' } } } : { redirect: product.url };
    }
    s.lines.set(product.variantId, (s.lines.get(product.variantId) ?? 0) + qty);
    s.messages.push({ type: 'success', text: `You added ${escapeHtml(product.title)} to your <a href="/checkout/cart/">shopping cart</a>.` });
    return ajax ? { json: [] } : { redirect: '/checkout/cart/' };
  }

  /** Magento_Checkout's `cart` section, with the fields its mini cart reads. */
  function cartSection(s) {
    const items = [...s.lines].map(([id, qty], i) => {
      const p = PRODUCTS.get(id);
      return {
        item_id: String(i + 1),
        product_id: p.variantId,
        product_sku: p.handle,
        product_name: p.title,
        product_url: p.url,
        product_image: { src: `/catalog-images/${p.image}`, alt: p.title },
        qty,
        product_price_value: p.price.amount,
        product_price: price(p.price.amount),
      };
    });
    const subtotal = items.reduce((sum, item) => sum + item.qty * item.product_price_value, 0);
    return {
      summary_count: items.reduce((n, item) => n + item.qty, 0),
      subtotalAmount: subtotal,
      subtotal: price(subtotal),
      possible_onepage_checkout: true,
      items,
      isGuestCheckoutAllowed: true,
      website_id: '1',
      storeId: '1',
    };
  }

  /**
   * Magento_Customer's section load: the named sections (all when none are named), each marked
   * with a `data_id`. Reading `messages` takes them out of the session, as Magento's does.
   */
  function sections(s, names) {
    const all = {
      cart: () => cartSection(s),
      // A guest: Magento's customer section is empty until someone signs in.
      customer: () => ({}),
      messages: () => ({ messages: s.messages.splice(0) }),
    };
    const wanted = names.length > 0 ? names.filter((n) => Object.hasOwn(all, n)) : Object.keys(all);
    const dataId = Math.floor(Date.now() / 1000);
    return Object.fromEntries(wanted.map((name) => [name, { ...all[name](), data_id: dataId }]));
  }

  return { session, addToCart, sections, cartSection, product: (id) => DEMO_CATALOG.find((p) => p.id === id) };
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
