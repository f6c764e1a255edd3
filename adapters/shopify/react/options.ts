import type { ReactNode } from 'react';
import type { AddToCartEvent, WidgetEvents, WidgetOptions } from '../../../src/index';

/**
 * Every core event and the prop that receives it. `satisfies` makes the type checker fail when the
 * core gains an event this table forgets (and the parity test does the same at run time).
 */
export const EVENT_PROPS = {
  ready: 'onReady',
  status: 'onStatus',
  message: 'onMessage',
  response: 'onResponse',
  error: 'onError',
  open: 'onOpen',
  close: 'onClose',
  'product-click': 'onProductClick',
  'add-to-cart': 'onAddToCart',
  'quick-reply': 'onQuickReply',
  'face-analysis': 'onFaceAnalysis',
  handoff: 'onHandoff',
  presence: 'onPresence',
} as const satisfies { [E in keyof WidgetEvents]: `on${string}` };

/**
 * What a change of each option after the first render does:
 *  - `live`: reaches the running widget (`context` through `setContext`, `addToCart` read when called);
 *  - `remount`: the widget is destroyed and a new one mounted; the conversation survives in storage;
 *  - `initial`: read when the widget mounts; later changes wait for the next remount. These are
 *    functions and objects an app often rebuilds on every render, where a remount would be wrong.
 * Objects and arrays are compared by value, functions and elements by identity.
 */
export const OPTION_UPDATES = {
  socketUrl: 'remount',
  socketPath: 'remount',
  apiUrl: 'remount',
  protocol: 'remount',
  events: 'initial',
  httpFallbackAfter: 'remount',
  context: 'live',
  sessionId: 'remount',
  token: 'remount',
  container: 'remount',
  position: 'remount',
  accentColor: 'remount',
  accentTextColor: 'remount',
  startOpen: 'initial',
  reconnection: 'remount',
  ackTimeoutMs: 'remount',
  answerCheck: 'remount',
  maxPendingMessages: 'remount',
  maxMessageAgeMs: 'remount',
  transports: 'remount',
  locale: 'remount',
  strings: 'remount',
  storage: 'remount',
  storageKey: 'remount',
  maxStoredMessages: 'remount',
  loadPanel: 'initial',
  addToCart: 'live',
  face: 'remount',
  loadFace: 'initial',
  handoffButton: 'remount',
  loadHandoff: 'initial',
  nonce: 'remount',
  maxMessageLength: 'remount',
  environment: 'initial',
  socketFactory: 'initial',
} as const satisfies Record<keyof WidgetOptions, 'live' | 'remount' | 'initial'>;

type EventProps = { [E in keyof typeof EVENT_PROPS as (typeof EVENT_PROPS)[E]]?: WidgetEvents[E] };

/**
 * Props of `<AIDiscoveryWidget>`: the core's options, one callback per core event, and children
 * that may call `useAIDiscovery()`.
 */
export interface AIDiscoveryWidgetProps extends WidgetOptions, EventProps {
  /**
   * Puts a product in the store's cart when the shopper presses a card's "Add to cart"; reject
   * with a short shopper-facing message to show it on the card. Read when called, so a new
   * function on each render is fine. @default undefined (only `onAddToCart` fires)
   */
  addToCart?: (event: AddToCartEvent) => Promise<void> | void;
  children?: ReactNode;
}

export type OptionName = keyof typeof OPTION_UPDATES;
export const OPTION_NAMES = Object.keys(OPTION_UPDATES) as OptionName[];

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/** Value equality for props written inline (`context={{ … }}` is a new object on every render). */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isPlain(a) || !isPlain(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && same(a[key], b[key]));
}

/** True when going from `prev` to `next` props needs a new widget. */
export function needsRemount(prev: AIDiscoveryWidgetProps, next: AIDiscoveryWidgetProps): boolean {
  return OPTION_NAMES.some((name) => OPTION_UPDATES[name] === 'remount' && !same(prev[name], next[name]));
}
