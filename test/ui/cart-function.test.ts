// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { optionsFromScript } from '../../adapters/cdn/api';
import type { AddToCartEvent } from '../../src/index';

function tag(addToCart: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.dataset.socketUrl = '';
  script.dataset.addToCart = addToCart;
  return script;
}

const event = { product: { id: 'p1', title: 'A', url: '/a' }, responseId: 'r1', variantId: undefined, quantity: 1 } as AddToCartEvent;

describe('data-add-to-cart', () => {
  it('refuses anything but a dotted name at once, saying what to write', () => {
    for (const bad of ['alert(1)', 'myStore["add"]', 'a..b', '1up', 'myStore.add ', '']) {
      expect(() => optionsFromScript(tag(bad)), bad).toThrow(/data-add-to-cart must name a global function, such as "myStore.addToCart"/);
    }
  });

  it('finds the function when the shopper presses, calls it as a method and waits for it', async () => {
    const options = optionsFromScript(tag('shop.cart.add'));
    const calls: unknown[] = [];
    // Defined after the widget read its options, as a store script loaded later would.
    const cart = { lines: [] as string[], add(e: AddToCartEvent) { calls.push(e); return Promise.resolve().then(() => void this.lines.push(e.product.id)); } };
    (window as unknown as { shop: unknown }).shop = { cart };
    await options.addToCart!(event);
    expect(calls).toEqual([event]);
    expect(cart.lines).toEqual(['p1']);
    (window as unknown as { shop: unknown }).shop = { cart: { add: () => Promise.reject(new Error('Only 1 left')) } };
    await expect(options.addToCart!(event)).rejects.toThrow('Only 1 left');
  });

  it('tells the merchant in the console when the name is not a function, and fails the press without words of its own', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const options = optionsFromScript(tag('noSuchStore.addToCart'));
    await expect(options.addToCart!(event)).rejects.toMatchObject({ message: '' });
    expect(error.mock.calls[0]![0]).toMatch(/data-add-to-cart names noSuchStore\.addToCart, which is not a function/);
    error.mockRestore();
  });
});
