import type { ChatContext } from '../protocol/index.js';
import type { ConnectionOptions, SocketFactory } from '../connection/connection-manager.js';
import type { Environment } from '../util/environment.js';
import type { StorageChoice } from '../storage/key-value.js';
import type { UiStrings } from '../ui/i18n/strings.js';
import type { PanelLoader } from '../ui/types.js';
import type { FaceLoader } from './face-host.js';
import type { FaceOptions } from './face-options.js';
import type { HandoffLoader } from './handoff-host.js';
import type { AddToCartEvent } from './events.js';
import type { AnswerCheckOptions } from '../delivery/answer-watch.js';
import { checkEventMapping, type EventMapping } from './event-mapping.js';

/** Options of `new AIDiscoveryWidget(options)`. Every one is optional. */
export interface WidgetOptions {
  /** Origin (and optional path prefix) of the chat server. @default the page's origin */
  socketUrl?: string;
  /** Socket.IO endpoint path on that server. @default '/socket.io' */
  socketPath?: string;
  /**
   * HTTP endpoint of the fallback transport (`POST`, the contract's `/api/chat` shape). Messages go
   * there while Socket.IO cannot connect, and the widget returns to Socket.IO when it can. Given
   * without `socketUrl`, the widget is HTTP-only: every message is posted there and the body (v1, or
   * the unified `{ success, response, provider, blocks? }`) is the answer.
   * @default undefined (no fallback)
   */
  apiUrl?: string;
  /**
   * The Socket.IO server's dialect. 'v1' is this project's server (acks, ids, resume). 'legacy' is a
   * server built as the integration guide shows: it reads `message`, answers `chat-response` as
   * `{ success, response | error, timestamp }` and never acknowledges; answers are matched in order,
   * nothing is resent by itself, and there is no resume. See "Bring your own backend" in the README.
   * @default 'v1'
   */
  protocol?: 'v1' | 'legacy';
  /**
   * A Socket.IO backend with its own event names and payloads: the event each message is emitted as,
   * and for each event it sends, a function turning its payload into a stream piece, an answer, a
   * failure or typing (or null to ignore it). Delivery and matching are as for 'legacy'; the
   * mappers' results are validated like any answer. See "Bring your own backend" in the README.
   * @default undefined (the widget's own events)
   */
  events?: EventMapping;
  /** Failed Socket.IO connection attempts after which messages go through `apiUrl`. @default 3 */
  httpFallbackAfter?: number;
  /** What the page knows about the shopper's situation; sent with every message. @default {} */
  context?: ChatContext;
  /** Conversation id; give one to continue a conversation the store already knows. @default a new UUID */
  sessionId?: string;
  /** Identity token checked by the server's `auth` hook. @default undefined */
  token?: string;
  /** Element the widget's host element is appended to. @default document.body */
  container?: HTMLElement;
  /**
   * Screen corner of the launcher and panel, bottom right or bottom left.
   * @default the end of the reading direction: right, or left for right-to-left languages
   */
  position?: 'right' | 'left';
  /**
   * The store's colour for the launcher, buttons and the shopper's messages, and the text colour on
   * it (a hex, rgb() or hsl() colour, or a colour name). Pick a pair with 4.5:1 contrast.
   * @default '#1f4fd1' on '#ffffff'
   */
  accentColor?: string;
  accentTextColor?: string;
  /** Open the panel as soon as the widget mounts. @default false */
  startOpen?: boolean;
  /** Reconnection backoff and connect timeout. @default { initialDelayMs: 500, factor: 2, maxDelayMs: 30000, jitter: 0.5, maxAttempts: 10, connectTimeoutMs: 10000 } */
  reconnection?: ConnectionOptions;
  /** How long to wait for the server to acknowledge a message before sending it again. @default 10000 */
  ackTimeoutMs?: number;
  /**
   * When an acknowledged message has had no part of its answer for `delayMs`, the widget asks
   * `session-sync` for it and, if that brings nothing, sends the message again with its id (a
   * server that still knows the id only says `duplicate`). Checks are further apart each time and
   * bounded; after the last, an `error` event (code `timeout`). `false` turns the checks off.
   * @default { delayMs: 15000, maxDelayMs: 120000, maxChecks: 5 }
   */
  answerCheck?: AnswerCheckOptions | false;
  /** Most messages waiting to be sent (offline, say); past it a new one is shown as failed. @default 50 */
  maxPendingMessages?: number;
  /** A queued message older than this is failed instead of sent late. @default 86400000 (a day) */
  maxMessageAgeMs?: number;
  /** Socket.IO transports, in order of preference. @default ['websocket', 'polling'] */
  transports?: ('websocket' | 'polling')[];
  /**
   * Language of the widget's text and of price and time formatting. English, French, German,
   * Spanish and Arabic (right to left) are built in; other languages use English text with `strings`.
   * @default context.locale, else the page's `<html lang>`, else the browser's language
   */
  locale?: string;
  /** Replace any visible text (title, greeting, suggestions, placeholders, status lines). @default the locale's */
  strings?: Partial<UiStrings>;
  /**
   * Where the conversation and unsent messages are kept across reloads: 'auto' (IndexedDB, else
   * localStorage, else memory), 'local', 'session', 'memory', or your own storage (synchronous
   * `getItem`/`setItem`/`removeItem`, or asynchronous `get`/`set`/`remove`). @default 'auto'
   */
  storage?: StorageChoice;
  /** Storage namespace; widgets of different stores on one origin need different keys. @default the chat server's URL */
  storageKey?: string;
  /** Most messages kept in storage. @default 100 */
  maxStoredMessages?: number;
  /**
   * Loads the panel's code (everything past the launcher). Bundlers split it off by themselves;
   * the script-tag build passes a loader for the file beside it. For adapters and tests.
   * @default () => import('./ui/panel')
   */
  loadPanel?: PanelLoader;
  /**
   * Puts a product in the store's cart when the shopper presses a card's "Add to cart". The button
   * shows progress, then "Added to cart" once it returned or resolved, or the rejection's message
   * (keep it short and shopper-facing). The `add-to-cart` event fires either way. Platform adapters
   * pass their cart call here. Without it (and without an `add-to-cart` listener) a card offers
   * "View product", a link to the product page, since nothing could put it in the cart.
   * @default undefined (an `add-to-cart` listener that returns a promise is waited for instead)
   */
  addToCart?: (event: AddToCartEvent) => Promise<void> | void;
  /**
   * Face analysis ("find my fit"): with the shopper's consent, face shape and skin tone are read
   * from the camera or a photo on the device, and only those attributes are sent. Off unless
   * `enabled`; nothing of it loads before the shopper agrees. See docs/face-analysis.md.
   * @default undefined (off)
   */
  face?: FaceOptions;
  /**
   * Loads the face chunk after consent. Bundlers split it off by themselves; the script-tag and
   * AMD builds load `ai-discovery.face.js` beside them. For adapters and tests.
   * @default () => import('./face')
   */
  loadFace?: FaceLoader;
  /**
   * Offer "Talk to a person" in the panel when the chat server has the hand-off extension (it says
   * so on connect). `false` hides the button; a hand-off started by the server still shows its state.
   * @default true
   */
  handoffButton?: boolean;
  /**
   * Loads the hand-off chunk when the server first speaks the extension. Bundlers split it off by
   * themselves. For adapters and tests.
   * @default () => import('./widget/handoff-runtime')
   */
  loadHandoff?: HandoffLoader;
  /** Nonce for the `<style>` fallback in browsers without constructable stylesheets (strict CSP). @default undefined */
  nonce?: string;
  /** Longest message a shopper may send, in characters. @default 4000 */
  maxMessageLength?: number;
  /** Timers, clock, randomness, network state and id generation; for tests and unusual hosts. @default the browser's */
  environment?: Partial<Environment>;
  /** Makes the Socket.IO socket; for tests and custom transports. @default socket.io-client's `io` */
  socketFactory?: SocketFactory;
}

/** Misuse throws at once, with what to do: these values reach the page's DOM and styles. */
export function checkOptions(options: WidgetOptions): void {
  if (options.socketUrl !== undefined && typeof options.socketUrl !== 'string') {
    throw new TypeError('AIDiscoveryWidget: socketUrl must be a string such as "https://chat.example.com"');
  }
  if (options.protocol !== undefined && options.protocol !== 'v1' && options.protocol !== 'legacy') {
    throw new TypeError('AIDiscoveryWidget: protocol must be "v1" or "legacy"');
  }
  if (options.events !== undefined) checkEventMapping(options.events, options.protocol);
  checkLook(options);
}

/**
 * The checks of the options that reach the page's styles (corner and colours): all the launcher,
 * which draws the button before the widget's code has come, needs of checkOptions.
 */
export function checkLook(options: Pick<WidgetOptions, 'position' | 'accentColor' | 'accentTextColor'>): void {
  if (options.position !== undefined && options.position !== 'right' && options.position !== 'left') {
    throw new TypeError('AIDiscoveryWidget: position must be "right" or "left"');
  }
  for (const key of ['accentColor', 'accentTextColor'] as const) {
    const colour = options[key];
    // Colours only: the value lands in the host's custom properties, where a url() would load.
    if (colour !== undefined && !/^(#[\da-f]{3,8}|(rgb|hsl)a?\([\d\s.,%/+-]+\)|[a-z]{3,24})$/i.test(colour)) {
      throw new TypeError(`AIDiscoveryWidget: ${key} must be a colour such as "#0a7c52"`);
    }
  }
}

/** The host's custom properties for the accent options. */
export function themeOf(options: WidgetOptions): Record<string, string> {
  return {
    ...(options.accentColor ? { '--aid-accent': options.accentColor } : {}),
    ...(options.accentTextColor ? { '--aid-accent-text': options.accentTextColor } : {}),
  };
}
