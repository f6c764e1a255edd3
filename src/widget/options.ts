import type { ChatContext } from '../protocol';
import type { ConnectionOptions, SocketFactory } from '../connection/connection-manager';
import type { Environment } from '../util/environment';
import type { StorageChoice } from '../storage/key-value';
import type { UiStrings } from '../ui/i18n/strings';
import type { PanelLoader } from '../ui/types';
import type { AddToCartEvent } from './events';

/** Options of `new AIDiscoveryWidget(options)`. Every one is optional. */
export interface WidgetOptions {
  /** Origin (and optional path prefix) of the chat server. @default the page's origin */
  socketUrl?: string;
  /** Socket.IO endpoint path on that server. @default '/socket.io' */
  socketPath?: string;
  /**
   * HTTP endpoint of the fallback transport (`POST`, the contract's `/api/chat` shape). Messages go
   * there while Socket.IO cannot connect, and the widget returns to Socket.IO when it can.
   * @default undefined (no fallback)
   */
  apiUrl?: string;
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
   * shows progress, then "Added to cart", or the rejection's message (keep it short and
   * shopper-facing). The `add-to-cart` event fires either way. Platform adapters pass their cart
   * call here. @default undefined (only the event fires)
   */
  addToCart?: (event: AddToCartEvent) => Promise<void> | void;
  /** Nonce for the `<style>` fallback in browsers without constructable stylesheets (strict CSP). @default undefined */
  nonce?: string;
  /** Longest message a shopper may send, in characters. @default 4000 */
  maxMessageLength?: number;
  /** Timers, clock, randomness, network state and id generation; for tests and unusual hosts. @default the browser's */
  environment?: Partial<Environment>;
  /** Makes the Socket.IO socket; for tests and custom transports. @default socket.io-client's `io` */
  socketFactory?: SocketFactory;
}
