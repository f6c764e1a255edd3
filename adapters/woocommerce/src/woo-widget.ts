import type { AIDiscoveryWidget, WidgetOptions } from '../../../src/index';
import type { AddToCartEvent } from '../../../src/widget/events';
import type { PanelModule } from '../../../src/ui/types';
import type { AIDiscoveryGlobal } from '../../cdn/global';
import { announceAddedToCart } from './cart-events';
import { readConfig, type WooConfig } from './config';
import { StoreApiCart, StoreApiError } from './store-api-cart';

/** The page as this script uses it: the plugin's configuration and the bundle's global. */
export type WooWindow = Window & typeof globalThis & { aiDiscoveryWoo?: unknown; AIDiscovery?: AIDiscoveryGlobal; jQuery?: unknown };

/**
 * Starts the widget from the CDN bundle's `AIDiscovery` global (enqueued before this script) with
 * the page's WooCommerce context, and puts products in the cart through the Store API. Returns the
 * widget, or undefined when the page lacks the configuration or the bundle.
 * @example start(window);
 */
export function start(win: WooWindow): AIDiscoveryWidget | undefined {
  const config = readConfig(win.aiDiscoveryWoo);
  const api = win.AIDiscovery;
  if (!config || typeof api?.init !== 'function') {
    win.console.error('AI Discovery Widget: the widget bundle or window.aiDiscoveryWoo is missing; is the plugin\'s inline script printed?');
    return undefined;
  }
  const parser = new win.DOMParser();
  // DOMParser documents are inert: nothing in the text runs or loads, and only its text is kept.
  const plainText = (html: string) => parser.parseFromString(html, 'text/html').documentElement.textContent ?? '';
  const cart = new StoreApiCart(config.addItemUrl, config.nonce, win.fetch.bind(win), plainText);

  let widget: AIDiscoveryWidget | undefined;
  const addToCart = async (event: AddToCartEvent): Promise<void> => {
    const summary = await cart.addItem(storeApiId(event), event.quantity);
    if (summary) widget?.setContext({ cart: summary });
    announceAddedToCart(win);
  };
  widget = api.init(widgetOptions(config, addToCart));
  return widget;
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

