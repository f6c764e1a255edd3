import type { AddToCartEvent, WidgetOptions } from '../../../src/index';
import { installLauncher } from '../../cdn/install-launcher';
import { ShopifyCart } from './cart';
import { readConfig } from './config';
import { themeOf } from '../../../src/widget/options';

/** What the embed reads from the storefront's window. `Shopify` is defined by every storefront. */
export type EmbedWindow = Window & typeof globalThis & {
  AIDiscovery?: ((...command: unknown[]) => unknown) & { init?: unknown };
  Shopify?: { routes?: { root?: string } };
};

/**
 * Starts the assistant from the app embed's configuration element: the launcher's button and
 * command queue now, in the merchant's colours and corner; the bundle (an extension asset named
 * by the element's `data-src`) when the shopper heads for the button or some seconds after the
 * page has loaded; then `init` with the Shopify context and a cart through the Ajax Cart API.
 */
export function startEmbed(win: EmbedWindow, element: HTMLScriptElement): void {
  // The bundle is already here, started by a script tag of its own: one widget per page.
  if (win.AIDiscovery?.init || element.dataset.started) return;
  element.dataset.started = '';
  let config;
  try {
    config = readConfig(element.textContent ?? '');
  } catch (error) {
    win.console.warn(error instanceof Error ? error.message : error);
    return;
  }
  // The element itself is the launcher's "script": `data-src` names the bundle beside this file.
  installLauncher(win, element, {
    look: () => ({ locale: typeof config.context.locale === 'string' ? config.context.locale : undefined, strings: config.strings, position: config.look.position, theme: themeOf(config.look) }),
  });
  const command = (...args: unknown[]) => win.AIDiscovery!(...args);
  const cart = new ShopifyCart({
    root: win.Shopify?.routes?.root ?? config.root,
    fetch: (input, init) => win.fetch(input, init),
    target: win.document,
    messages: config.messages,
    onCart: (summary) => command('setContext', { cart: summary }),
  });
  const options: WidgetOptions = {
    socketUrl: config.socketUrl,
    strings: config.strings,
    ...config.look,
    context: config.context,
    addToCart: async (event: AddToCartEvent) => {
      await cart.add(event.variantId, event.quantity);
    },
  };
  command('init', options);
}
