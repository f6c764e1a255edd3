import type { ResolvedLocale } from '../ui/i18n/locale.js';
import { mountUi } from '../ui/mount.js';
import type { UiController } from '../ui/types.js';
import type { Emitter } from '../util/emitter.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';
import { whenIdle } from '../util/idle.js';
import type { WidgetEvents } from './events.js';
import { themeOf, type WidgetOptions } from './options.js';

/** What the UI's controller is made from: the widget's public methods and a few of its internals. */
export interface ControllerDeps
  extends Pick<UiController, 'subscribe' | 'getSnapshot' | 'open' | 'close' | 'toggle' | 'reconnect' | 'send' | 'stop' | 'retry'> {
  locale: ResolvedLocale;
  options: WidgetOptions;
  events: Emitter<WidgetEvents>;
}

/**
 * Draws the widget's UI in `options.container` (default `<body>`): the launcher at once, the panel
 * when the shopper opens it or the page is idle. Returns its removal.
 */
export function mountWidgetUi(
  doc: Document,
  win: (Window & typeof globalThis) | undefined,
  env: Environment,
  d: ControllerDeps,
  face: UiController['face'],
): () => void {
  const { options, events } = d;
  return mountUi(doc, options.container ?? doc.body, { ...uiController(d), face }, {
    locale: d.locale,
    strings: options.strings ?? {},
    nonce: options.nonce,
    position: options.position,
    theme: themeOf(options),
    loadPanel: options.loadPanel ?? (() => import('../ui/panel/index')),
    whenIdle: (task) => whenIdle(win, env, task),
    onPanelError: (error) => events.emit('error', new WidgetError('unavailable', 'Could not load the chat panel; it will be tried again when opened', error)),
  });
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
    ...(d.stop && { stop: d.stop }),
    retry: d.retry,
    productClick: (product, responseId) => events.emit('product-click', { product, responseId }),
    canAddToCart: () => options.addToCart !== undefined || events.listenerCount('add-to-cart') > 0,
    addToCart: async (product, responseId) => {
      const event = { product, responseId, variantId: product.variantId, quantity: 1 };
      const waits = events.call('add-to-cart', event).filter(isThenable);
      // The option is the cart call by contract, so its plain return means done; a listener is
      // only a notification unless it hands back a promise.
      if (options.addToCart) waits.push(new Promise((resolve) => resolve(options.addToCart!(event))));
      if (waits.length === 0) return 'unconfirmed';
      await Promise.all(waits);
    },
    quickReply: (option) => {
      events.emit('quick-reply', option);
      d.send(option.value);
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
