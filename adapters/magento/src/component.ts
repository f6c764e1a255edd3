import type { AIDiscoveryWidget, WidgetOptions } from '../../../src/index';
import { createCartAdder } from './add-to-cart';
import { readConfig } from './config';
import { readableTextOn } from './contrast';
import type { CustomerData } from './customer-data';
import { pageContext } from './page';
import { sectionsContext } from './sections';

export interface ComponentDependencies {
  customerData: CustomerData;
  /** The AMD build's `init`: creates and mounts a widget. */
  init: (options: WidgetOptions) => AIDiscoveryWidget;
  /** @default the page's fetch */
  fetch?: typeof fetch;
}

/** What the component returns to a caller that requires it directly (x-magento-init ignores it). */
export interface MagentoWidget {
  widget: AIDiscoveryWidget;
  /** Destroys the widget and drops the customer-data subscriptions. */
  destroy(): void;
}

/**
 * Makes the x-magento-init component `AIDiscovery_Widget/js/widget`, called by Magento's
 * mage/apply as `(config, element)`: `element` is the template's placeholder, or false when the
 * component is bound to `*`. The widget mounts inside it, with the store's settings from `config`
 * and the shopper's cart and customer from customer-data, kept current by subscriptions.
 */
export function createComponent(deps: ComponentDependencies): (config: unknown, element: HTMLElement | false) => MagentoWidget | undefined {
  return (rawConfig, element) => {
    const doc = element ? element.ownerDocument : document;
    // One widget per page: the layout may place the template twice, or a theme may also paste
    // the CDN snippet; the first one stays. The launcher's early button is not a widget: it leaves
    // when this one has mounted.
    if (doc.querySelector('[data-ai-discovery]:not([data-early])')) return undefined;
    const config = readConfig(rawConfig, doc.URL);
    const cart = deps.customerData.get('cart');
    const customer = deps.customerData.get('customer');
    const fetchImpl = deps.fetch ?? doc.defaultView!.fetch.bind(doc.defaultView);

    const options: WidgetOptions = {
      context: {
        platform: 'magento',
        ...(config.locale ? { locale: config.locale } : {}),
        ...(config.currency ? { currency: config.currency } : {}),
        ...pageContext(doc),
        ...sectionsContext(cart(), customer(), config.currency),
      },
      addToCart: createCartAdder({ customerData: deps.customerData, document: doc, fetch: fetchImpl, url: config.cartAddUrl }),
      position: config.position,
    };
    if (element) options.container = element;
    if (config.socketUrl) options.socketUrl = config.socketUrl;
    if (config.locale) options.locale = config.locale;
    if (config.greeting) options.strings = { greeting: config.greeting };
    if (config.accentColor) {
      options.accentColor = config.accentColor;
      options.accentTextColor = readableTextOn(config.accentColor);
    }

    const widget = deps.init(options);
    const update = () => widget.setContext(sectionsContext(cart(), customer(), config.currency));
    const subscriptions = [cart.subscribe(update), customer.subscribe(update)];
    doc.dispatchEvent(new CustomEvent('ai-discovery:ready', { detail: widget }));
    return {
      widget,
      destroy() {
        subscriptions.splice(0).forEach((s) => s.dispose());
        widget.destroy();
      },
    };
  };
}
