import type { ResolvedLocale } from '../ui/i18n/locale.js';
import type { UiController } from '../ui/types.js';
import type { Emitter } from '../util/emitter.js';
import type { WidgetEvents } from './events.js';
import type { WidgetOptions } from './options.js';

/** What the UI's controller is made from: the widget's public methods and a few of its internals. */
export interface ControllerDeps
  extends Pick<UiController, 'subscribe' | 'getSnapshot' | 'open' | 'close' | 'toggle' | 'reconnect' | 'send' | 'stop' | 'retry'> {
  locale: ResolvedLocale;
  options: WidgetOptions;
  events: Emitter<WidgetEvents>;
}

/** The UI's view of the widget: it reads state and calls these, and never sees the socket. */
export function uiController(d: ControllerDeps): Omit<UiController, 'focusLauncher'> {
  const { events, options } = d;
  return {
    ...d.locale,
    strings: options.strings ?? {},
    maxMessageLength: options.maxMessageLength ?? 4000,
    subscribe: d.subscribe,
    getSnapshot: d.getSnapshot,
    open: d.open,
    close: d.close,
    toggle: d.toggle,
    reconnect: d.reconnect,
    send: d.send,
    stop: d.stop,
    retry: d.retry,
    productClick: (product, responseId) => events.emit('product-click', { product, responseId }),
    addToCart: async (product, responseId) => {
      const event = { product, responseId, variantId: product.variantId, quantity: 1 };
      events.emit('add-to-cart', event);
      await options.addToCart?.(event);
    },
    quickReply: (option) => {
      events.emit('quick-reply', option);
      d.send(option.value);
    },
  };
}
