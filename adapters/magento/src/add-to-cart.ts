import type { AddToCartEvent } from '../../../src/index';
import type { CustomerData } from './customer-data';

/** Why an add to cart failed; `message` is shopper-facing (the card shows it). */
export type CartErrorCode = 'session_expired' | 'unsupported_product' | 'network' | 'refused';

export class CartError extends Error {
  override readonly name = 'CartError';
  constructor(
    readonly code: CartErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CartAdderOptions {
  customerData: CustomerData;
  document: Document;
  fetch: typeof fetch;
  /** Magento's add-to-cart controller, `/checkout/cart/add/` or the store view's own. */
  url: string;
}

const SESSION_EXPIRED = 'Your session has expired. Reload the page and try again.';
const MAX_MESSAGE = 300;

/**
 * The widget's `addToCart` option for Magento: posts the card's product to the add-to-cart
 * controller the way Magento's own product forms do (form-encoded `product`, `qty`, `form_key`,
 * marked as Ajax so the controller answers JSON), then reloads the `cart` and `messages`
 * sections. A plain fetch does not trigger customer-data's jQuery ajaxComplete hook, which is what
 * invalidates those sections after Magento's own add-to-cart.
 *
 * Magento answers 200 whether or not the product went in: a refusal ("The requested qty is not
 * available") is an error or notice message in the session, which the `messages` section returns
 * (newer releases render the messages into the reply's `messages` HTML instead). An invalid form
 * key is a redirect.
 */
export function createCartAdder(options: CartAdderOptions): (event: AddToCartEvent) => Promise<void> {
  return async (event) => {
    const formKey = readFormKey(options.document);
    if (!formKey) throw new CartError('session_expired', SESSION_EXPIRED);
    // Magento adds by entity id: (int) of anything else is 0, which it ignores without a word.
    const product = event.variantId ?? event.product.id;
    if (!/^\d{1,20}$/.test(product)) {
      throw new CartError('unsupported_product', 'This product cannot be added from the chat. Open its page to add it.');
    }
    let response: Response;
    try {
      response = await options.fetch(options.url, {
        method: 'POST',
        body: new URLSearchParams({ product, qty: String(event.quantity), form_key: formKey }),
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
        // The only redirect this controller sends an Ajax request is the invalid form key one.
        redirect: 'manual',
      });
    } catch {
      throw new CartError('network', 'The store could not be reached. Check your connection and try again.');
    }
    const reply = await readReply(response);
    const sections = await reloadSections(options.customerData);
    // The store's own words first: Magento translates them into the store view's language.
    const storeMessage = refusalInHtml(options.document, reply.messagesHtml) ?? firstRefusal(options.document, sections);
    if (reply.kind === 'redirect') throw new CartError('session_expired', storeMessage ?? SESSION_EXPIRED);
    if (reply.kind === 'failed') {
      throw new CartError('refused', storeMessage ?? `The store could not add this product (error ${response.status}).`);
    }
    if (storeMessage) throw new CartError('refused', storeMessage);
    if (reply.statusText) throw new CartError('refused', reply.statusText);
  };
}

/**
 * Magento's `form_key` cookie (kept current on full-page-cached pages), else a form's hidden field.
 * Form keys are letters and digits; anything else is not one.
 */
export function readFormKey(doc: Document): string | undefined {
  const valid = (key: string | undefined) => (key !== undefined && /^[A-Za-z0-9]{1,64}$/.test(key) ? key : undefined);
  for (const pair of doc.cookie.split(';')) {
    const [name, value] = pair.trim().split('=', 2);
    if (name === 'form_key' && valid(value)) return value;
  }
  return valid(doc.querySelector<HTMLInputElement>('input[name="form_key"]')?.value);
}

/** What the controller answered: JSON (maybe with messages HTML or a stock status), a redirect, or an error. */
interface Reply {
  kind: 'json' | 'redirect' | 'failed';
  messagesHtml?: string;
  statusText?: string;
}

async function readReply(response: Response): Promise<Reply> {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) return { kind: 'redirect' };
  if (!response.ok) return { kind: 'failed' };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: 'failed' };
  }
  const reply: Reply = { kind: 'json' };
  // Success is `[]` or `{}`; `{ backUrl }` alone is the store's "redirect to cart after adding" setting.
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { messages, product } = body as { messages?: unknown; product?: unknown };
    if (typeof messages === 'string') reply.messagesHtml = messages;
    const statusText = typeof product === 'object' && product !== null ? (product as { statusText?: unknown }).statusText : undefined;
    if (typeof statusText === 'string' && statusText.trim() !== '') reply.statusText = statusText.trim().slice(0, MAX_MESSAGE);
  }
  return reply;
}

/**
 * A failed refresh leaves the mini cart stale until the next page; it does not undo or fail an
 * add the store has already made, so it resolves with nothing and the add's own result stands.
 */
async function reloadSections(customerData: CustomerData): Promise<unknown> {
  try {
    return await customerData.reload(['cart', 'messages'], true);
  } catch {
    return undefined;
  }
}

/** The first error or notice in a reloaded `messages` section: `{ messages: [{ type, text }] }`. */
function firstRefusal(doc: Document, sections: unknown): string | undefined {
  const section = typeof sections === 'object' && sections !== null ? (sections as { messages?: unknown }).messages : undefined;
  const list = typeof section === 'object' && section !== null ? (section as { messages?: unknown }).messages : undefined;
  if (!Array.isArray(list)) return undefined;
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { type, text } = entry as { type?: unknown; text?: unknown };
    if ((type === 'error' || type === 'notice') && typeof text === 'string') {
      const plain = textOf(doc, text);
      if (plain) return plain;
    }
  }
  return undefined;
}

/** Magento's message texts are HTML (escaped names, sometimes links); the card shows text only. */
function textOf(doc: Document, html: string): string | undefined {
  const body = parseInert(doc, html);
  return clean(body ? body.textContent : html);
}

/** The first error or notice in the messages block HTML of a newer release's reply. */
function refusalInHtml(doc: Document, html: string | undefined): string | undefined {
  if (!html) return undefined;
  const refusal = parseInert(doc, html)?.querySelector('.message-error, .message-notice');
  return refusal ? clean(refusal.textContent) : undefined;
}

/** A DOMParser document is inert: it runs no script and loads nothing. */
function parseInert(doc: Document, html: string): HTMLElement | undefined {
  const Parser = doc.defaultView?.DOMParser;
  return Parser ? new Parser().parseFromString(html, 'text/html').body : undefined;
}

function clean(text: string | null): string | undefined {
  const trimmed = (text ?? '').replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_MESSAGE);
}
