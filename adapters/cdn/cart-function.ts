import type { AddToCartEvent } from '../../src/index';

/** `myStore.addToCart`: names joined by dots, nothing a page could make run as code. */
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * The `addToCart` option for a script tag's `data-add-to-cart="myStore.addToCart"`: the page's
 * global function of that name, looked up at each press (so a store script that defines it after
 * the widget started is found), called as a method of its parent object and waited for.
 * Anything but a dotted name throws at once: the attribute must never become code to evaluate.
 */
export function globalCartFunction(path: string, scope: object): (event: AddToCartEvent) => Promise<void> {
  if (!PATH.test(path)) {
    throw new TypeError(`AIDiscovery: data-add-to-cart must name a global function, such as "myStore.addToCart"; got ${JSON.stringify(path)}`);
  }
  const names = path.split('.');
  return async (event) => {
    let parent: unknown;
    let value: unknown = scope;
    for (const name of names) {
      parent = value;
      value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[name];
    }
    if (typeof value !== 'function') {
      // The merchant's mistake: tell them in the console; the shopper sees the generic failure.
      console.error(`AIDiscovery: data-add-to-cart names ${path}, which is not a function on this page (found ${typeof value}); define it before a shopper adds a product`);
      throw new Error();
    }
    await (value as (event: AddToCartEvent) => unknown).call(parent, event);
  };
}
