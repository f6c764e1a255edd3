import type { ResolvedLocale } from '../ui/i18n/locale.js';
import type { UiController, WidgetSnapshot } from '../ui/types.js';
import type { Emitter } from '../util/emitter.js';
import type { WidgetEvents } from './events.js';
import type { WidgetOptions } from './options.js';

/** What the UI's controller is made from: the widget's public methods and a few of its internals. */
export interface ControllerDeps {
  locale: ResolvedLocale;
  options: WidgetOptions;
  events: Emitter<WidgetEvents>;
  subscribe(listener: () => void): () => void;
  getSnapshot(): WidgetSnapshot;
  open(): void;
  close(): void;
  toggle(): void;
  reconnect(): void;
  /** Sends, turning a refusal into an `error` event (the UI has no promise to hand it to). */
  send(text: string): void;
  stop(): void;
  retry(messageId: string): void;
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
