import type { WidgetOptions } from '../../../src/index';
import type { AddToCartEvent } from '../../../src/widget/events';
import type { PanelModule } from '../../../src/ui/types';
import type { AIDiscoveryGlobal } from '../../cdn/global';
import { announceAddedToCart } from './cart-events';
import { readConfig, type WooConfig } from './config';
import { StoreApiCart, StoreApiError } from './store-api-cart';

/** The page's `AIDiscovery`: a queue (this script's stub, then the launcher's) until the bundle replaces it with its global. */
type AIDiscoveryOnPage = ((...command: unknown[]) => unknown) & { q?: unknown[]; init?: AIDiscoveryGlobal['init'] };

/** The page as this script uses it: the plugin's configuration and `AIDiscovery`. */
export type WooWindow = Window & typeof globalThis & { aiDiscoveryWoo?: unknown; AIDiscovery?: AIDiscoveryOnPage; jQuery?: unknown };

/**
 * Starts the widget with the page's WooCommerce context, and puts products in the cart through
 * the Store API. WordPress prints this script before the launcher (assets/launcher.js), which
 * draws the button from the `init` queued here and fetches the bundle at the first touch or when
 * the page has been idle a while; a page whose theme loads the bundle itself gets `init` at once.
 * Returns false when the page lacks the configuration.
 * @example start(window);
 */
export function start(win: WooWindow): boolean {
  const config = readConfig(win.aiDiscoveryWoo);
  if (!config) {
    win.console.error('AI Discovery Widget: window.aiDiscoveryWoo is missing; is the plugin\'s inline script printed?');
    return false;
  }
  const parser = new win.DOMParser();
  // DOMParser documents are inert: nothing in the text runs or loads, and only its text is kept.
  const plainText = (html: string) => parser.parseFromString(html, 'text/html').documentElement.textContent ?? '';
  const cart = new StoreApiCart(config.addItemUrl, config.nonce, win.fetch.bind(win), plainText);
  // Looked up at each call: the launcher's queue now, the bundle's global once it has come.
  const command = (...args: unknown[]) => win.AIDiscovery!(...args);
  const addToCart = async (event: AddToCartEvent): Promise<void> => {
    const summary = await cart.addItem(storeApiId(event), event.quantity);
    if (summary) command('setContext', { cart: summary });
    announceAddedToCart(win);
  };
  if (!win.AIDiscovery) {
    // The loader's one-line stub: the launcher, printed after this script, takes over its queue.
    const queued: unknown[][] = [];
    win.AIDiscovery = Object.assign((...args: unknown[]) => void queued.push(args), { q: queued });
  }
  command('init', widgetOptions(config, addToCart));
  return true;
}

function widgetOptions(config: WooConfig, addToCart: (event: AddToCartEvent) => Promise<void>): WidgetOptions {
  // Physical corner on purpose: the merchant chose a side of the screen, whatever the language.
  const options: WidgetOptions = { socketUrl: config.socketUrl, context: config.context, addToCart, position: config.position };
  const { panelUrl, token, greeting, accent, accentText } = config;
  if (accent) options.accentColor = accent;
  if (accentText) options.accentTextColor = accentText;
  if (panelUrl) options.loadPanel = () => import(panelUrl) as Promise<PanelModule>;
  if (greeting) options.strings = { greeting };
  if (token) {
    options.token = token;
    // A customer's conversation stays theirs: after logging out, the next visitor on this browser starts afresh.
    options.storageKey = `${config.socketUrl}|customer:${String(config.context.customerId ?? '')}`;
  }
  return options;
}

/** The Store API adds a product or variation by its numeric post id. */
function storeApiId(event: AddToCartEvent): number {
  const raw = event.variantId ?? event.product.id;
  const id = Number(raw);
  if (!/^[1-9][0-9]*$/.test(raw) || !Number.isSafeInteger(id)) throw new StoreApiError('invalid_product', '', 0);
  return id;
}

