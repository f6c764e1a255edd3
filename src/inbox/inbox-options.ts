import { enablePush } from './push/enable-push.js';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { OperatorToServerEvents, ServerToOperatorEvents } from '../protocol/handoff.js';
import { browserTimers, randomUuid, type Timers } from '../util/environment.js';

export type OperatorSocket = Socket<ServerToOperatorEvents, OperatorToServerEvents>;

export type OperatorSocketFactory = (url: string, options: Partial<ManagerOptions & SocketOptions>) => OperatorSocket;

/** Where the session token lives: `sessionStorage`'s shape, so a closed tab forgets it. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The Notification API's shape as the inbox uses it. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { close(): void; onclick: ((this: never, ev: Event) => unknown) | null };
}

/** Everything the inbox reads from the page, injectable so tests drive it. */
export interface InboxOptions {
  /**
   * The inbox page's own URL; the login endpoint is `api/login` beside it and the socket goes to
   * its origin. @default location.href
   */
  pageUrl?: string;
  /** Socket.IO path of the chat server. @default the page's `<meta name="aid-socket-path">`, else '/socket.io' */
  socketPath?: string;
  /** Makes the `/operators` socket. @default socket.io-client's `io` with a fresh Manager */
  connect?: OperatorSocketFactory;
  /** Keeps the session token for this tab only. @default sessionStorage */
  storage?: TokenStorage;
  /** For `POST api/login`. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default setTimeout/clearTimeout */
  timers?: Timers;
  /** @default Date.now */
  now?: () => number;
  /** Reply ids (the idempotency key). @default crypto.randomUUID */
  uuid?: () => string;
  /** The Notification API; undefined where the browser has none. @default globalThis.Notification */
  notifications?: NotificationApi;
  /** Makes the context for the alert sound; undefined for no sound. @default () => new AudioContext() */
  audio?: () => AudioContext;
  /** Idle time after which this tab reports `away`, milliseconds. @default 120000 */
  idleMs?: number;
  /** How long an ack may take before the action counts as failed, milliseconds. @default 10000 */
  ackTimeoutMs?: number;
  /** The document title without the unread count. @default 'Inbox' */
  title?: string;
  /**
   * Turns Web Push on with the alerts, so this browser is told while the inbox is closed; resolves
   * whether it worked. @default enablePush when the page says the server pushes (`<meta name="aid-push">`), else none
   */
  push?: (token: string) => Promise<boolean>;
}

export type ResolvedInboxOptions = Required<Omit<InboxOptions, 'notifications' | 'audio' | 'push'>> & Pick<InboxOptions, 'notifications' | 'audio' | 'push'>;

/** Resolved at mount, never at import, so the module can load anywhere. */
export function resolveInboxOptions(doc: Document, options: InboxOptions): ResolvedInboxOptions {
  const win = doc.defaultView;
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="aid-socket-path"]')?.content;
  const AudioCtor = win?.AudioContext;
  return {
    pageUrl: options.pageUrl ?? doc.location.href,
    socketPath: options.socketPath ?? (meta !== undefined && meta !== '' ? meta : '/socket.io'),
    connect: options.connect ?? ((url, opts) => io(url, { ...opts, forceNew: true })),
    storage: options.storage ?? (win?.sessionStorage as TokenStorage),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timers: options.timers ?? browserTimers(),
    now: options.now ?? (() => Date.now()),
    uuid: options.uuid ?? (() => randomUuid()),
    notifications: options.notifications ?? (win && 'Notification' in win ? (win.Notification as unknown as NotificationApi) : undefined),
    audio: options.audio ?? (AudioCtor ? () => new AudioCtor() : undefined),
    push: options.push ?? (doc.querySelector('meta[name="aid-push"]') ? backgroundPush(options.pageUrl ?? doc.location.href) : undefined),
    idleMs: options.idleMs ?? 120_000,
    ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
    title: options.title ?? 'Inbox',
  };
}

/** Web Push for the inbox at `pageUrl`: the worker and the subscription route live under its path. */
function backgroundPush(pageUrl: string): (token: string) => Promise<boolean> {
  const basePath = new URL('.', pageUrl).pathname.replace(/\/+$/, '');
  return (token) => enablePush({ basePath, token }).then(() => true, () => false);
}
