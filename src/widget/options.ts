import type { ChatContext } from '../protocol';
import type { ConnectionOptions, SocketFactory } from '../connection/connection-manager';
import type { Environment } from '../util/environment';
import type { UiStrings } from '../ui/strings';

/** Options of `new AIDiscoveryWidget(options)`. Every one is optional. */
export interface WidgetOptions {
  /** Origin (and optional path prefix) of the chat server. @default the page's origin */
  socketUrl?: string;
  /** Socket.IO endpoint path on that server. @default '/socket.io' */
  socketPath?: string;
  /** HTTP endpoint for the fallback transport (used when Socket.IO cannot connect). @default undefined */
  apiUrl?: string;
  /** What the page knows about the shopper's situation; sent with every message. @default {} */
  context?: ChatContext;
  /** Conversation id; give one to continue a conversation the store already knows. @default a new UUID */
  sessionId?: string;
  /** Identity token checked by the server's `auth` hook. @default undefined */
  token?: string;
  /** Element the widget's host element is appended to. @default document.body */
  container?: HTMLElement;
  /** Open the panel as soon as the widget mounts. @default false */
  startOpen?: boolean;
  /** Reconnection backoff and connect timeout. @default { initialDelayMs: 500, factor: 2, maxDelayMs: 30000, jitter: 0.5, maxAttempts: 10, connectTimeoutMs: 10000 } */
  reconnection?: ConnectionOptions;
  /** How long to wait for the server to acknowledge a message before sending it again. @default 10000 */
  ackTimeoutMs?: number;
  /** Socket.IO transports, in order of preference. @default ['websocket', 'polling'] */
  transports?: ('websocket' | 'polling')[];
  /** Replace any visible text (title, greeting, placeholders, status lines). @default English */
  strings?: Partial<UiStrings>;
  /** Longest message a shopper may send, in characters. @default 4000 */
  maxMessageLength?: number;
  /** Timers, clock, randomness, network state and id generation; for tests and unusual hosts. @default the browser's */
  environment?: Partial<Environment>;
  /** Makes the Socket.IO socket; for tests and custom transports. @default socket.io-client's `io` */
  socketFactory?: SocketFactory;
}
