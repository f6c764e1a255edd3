/** The slice of jQuery WooCommerce's scripts and themes use to talk about the cart. */
type JQueryLike = (target?: unknown) => { trigger(event: string, args?: unknown[]): unknown };

/**
 * Tells the page the cart changed, in the two dialects WooCommerce themes listen to:
 *  - jQuery `added_to_cart` on `document.body` with `[fragments, cart_hash, $button]`, as
 *    WooCommerce's add-to-cart.js fires it. A Store API answer has no fragments nor cart hash, so
 *    listeners get empty ones (and an empty button set, on which jQuery calls do nothing), then
 *    `wc_fragment_refresh` makes cart-fragments.js fetch the real mini-cart fragments;
 *  - the DOM event `wc-blocks_added_to_cart` (bubbling, from `document.body`), which the cart and
 *    mini-cart blocks answer by reloading the cart from the Store API (`preserveCartData: false`).
 */
export function announceAddedToCart(win: { document: Document; CustomEvent: typeof CustomEvent; jQuery?: unknown }): void {
  const body = win.document.body;
  if (typeof win.jQuery === 'function') {
    const $ = win.jQuery as JQueryLike;
    $(body).trigger('added_to_cart', [{}, '', $()]);
    $(body).trigger('wc_fragment_refresh');
  }
  body.dispatchEvent(new win.CustomEvent('wc-blocks_added_to_cart', { bubbles: true, cancelable: true, detail: { preserveCartData: false } }));
}
