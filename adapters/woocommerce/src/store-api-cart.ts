/** One cart line as the widget's context carries it. */
export type CartLine = { id: string; title: string; quantity: number };

/** The cart summary in the widget's context; the PHP side prints the same shape on page load. */
export type CartSummary = { count: number; items: CartLine[]; total: { amount: number; currency: string } };

/** A refused or failed cart call; `message` is the Store API's own, shopper-facing, or empty. */
export class StoreApiError extends Error {
  override readonly name = 'StoreApiError';
  constructor(
    /** The Store API's code (`woocommerce_rest_product_out_of_stock`...), or `network` / `invalid_product`. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** Most cart lines kept in the context, as on the PHP side. */
const MAX_ITEMS = 20;
const NONCE_CODES = ['woocommerce_rest_invalid_nonce', 'woocommerce_rest_missing_nonce'];

interface Answer {
  ok: boolean;
  status: number;
  data: Record<string, unknown> | undefined;
  /** The answer carried a nonce other than the one sent. */
  renewed: boolean;
}

/**
 * WooCommerce's Store API cart, as the shopper's browser sees it (cookie session): adds items with
 * the `Nonce` header and keeps the fresh nonce every answer carries. An expired nonce (a page kept
 * open past its lifetime, or served from a page cache to another visitor) is answered with a 403
 * and a new nonce: the add is tried once more with it.
 */
export class StoreApiCart {
  private nonce: string;

  constructor(
    private readonly addItemUrl: string,
    nonce: string,
    private readonly fetchFn: typeof fetch,
    /** Turns the Store API's HTML-escaped text ("&quot;Beanie&quot;") into plain text. */
    private readonly plainText: (html: string) => string,
  ) {
    this.nonce = nonce;
  }

  /**
   * `POST cart/add-item` with `{ id, quantity }`. Resolves with the cart as it now is (undefined if
   * the answer was not a cart this script understands); rejects with a StoreApiError.
   * @example await cart.addItem(42, 1);
   */
  async addItem(id: number, quantity: number): Promise<CartSummary | undefined> {
    const body = JSON.stringify({ id, quantity });
    let answer = await this.post(body);
    if (!answer.ok && answer.renewed && NONCE_CODES.includes(String(answer.data?.code))) answer = await this.post(body);
    if (!answer.ok) {
      const message = typeof answer.data?.message === 'string' ? this.plainText(answer.data.message) : '';
      throw new StoreApiError(typeof answer.data?.code === 'string' ? answer.data.code : 'http_error', message, answer.status);
    }
    return this.summarise(answer.data);
  }

  private async post(body: string): Promise<Answer> {
    const sent = this.nonce;
    let response: Response;
    try {
      response = await this.fetchFn(this.addItemUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Nonce: sent },
        body,
      });
    } catch {
      // The widget shows its own localized "could not add" line for an empty message.
      throw new StoreApiError('network', '', 0);
    }
    const fresh = response.headers.get('Nonce');
    if (fresh) this.nonce = fresh;
    let data: unknown;
    try {
      data = await response.json();
    } catch {
      // A proxy's or PHP's error page: no message worth showing.
    }
    const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
    return { ok: response.ok, status: response.status, data: record, renewed: fresh !== null && fresh !== '' && fresh !== sent };
  }

  /** The Store API's cart response, reduced to the summary. */
  private summarise(cart: Record<string, unknown> | undefined): CartSummary | undefined {
    const totals = cart?.totals as Record<string, unknown> | undefined;
    if (!cart || !Array.isArray(cart.items) || typeof totals !== 'object' || totals === null) return undefined;
    const minor = typeof totals.currency_minor_unit === 'number' ? totals.currency_minor_unit : 2;
    const items = cart.items.slice(0, MAX_ITEMS).flatMap((item: Record<string, unknown> | null) =>
      item && typeof item === 'object' ? [{ id: String(item.id), title: typeof item.name === 'string' ? this.plainText(item.name) : '', quantity: Number(item.quantity) || 0 }] : [],
    );
    return {
      count: typeof cart.items_count === 'number' ? cart.items_count : items.reduce((n, line) => n + line.quantity, 0),
      items,
      // Store API prices are strings in the currency's minor unit ("1999" is 19.99).
      total: { amount: Number(totals.total_price) / 10 ** minor || 0, currency: String(totals.currency_code ?? '') },
    };
  }
}
