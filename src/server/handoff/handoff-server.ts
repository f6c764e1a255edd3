import type { Server as IoServer } from 'socket.io';
import type { RequestListener } from 'node:http';
import type { ChatResponse, ProductItem, ProtocolLimits } from '../../protocol/index.js';
import type { ChatLogger } from '../operations/logger.js';
import type { RedisCommandClient } from '../sessions/redis-scripts.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { ConversationStore } from './conversation-store.js';
import type { InboxRoute, OperatorNotifier, PresenceRegistry } from './contracts.js';
import { HandoffDesk } from './desk.js';
import { OPERATORS_ROOM, type DeskOutlet } from './desk-outlet.js';
import { HandoffMessages } from './handoff-messages.js';
import type { HandoffOptions } from './handoff-options.js';
import { inboxSetup } from './inbox-setup.js';
import { MemoryPresenceRegistry } from './presence/memory-presence.js';
import { RedisPresenceRegistry, type PresenceSubscriber } from './presence/redis-presence.js';
import { MemoryConversationStore } from './memory-conversations.js';
import { OperatorNamespace, type OperatorNsp } from './operator-namespace.js';
import { waitText } from './phrases.js';
import { RedisConversationStore } from './redis-conversations.js';
import { ShopperHandoff } from './shopper-side.js';
import { WaitEstimate } from './wait-estimate.js';

export interface HandoffServerDeps {
  options: HandoffOptions;
  sessions: SessionStore;
  /** The server's Redis, when it has one: conversations then live there. */
  redis: { client: RedisCommandClient; keyPrefix?: string } | undefined;
  /**
   * A connected pub/sub client on the server's Redis, when `redis` is set and no presence registry
   * was given: presence is then shared by every process (RedisPresenceRegistry).
   */
  presenceSubscriber?: PresenceSubscriber | undefined;
  limits: ProtocolLimits;
  roomOf: (sessionId: string) => string;
  search: (query: string, limit: number) => ProductItem[];
  now: () => number;
  newId: () => string;
  onError: (error: unknown, where: string) => void;
  /** The chat server's Socket.IO path, which the inbox page connects to. @default '/socket.io' */
  socketPath?: string;
  /** Whether sign-in reads client addresses from X-Forwarded-For. @default false */
  trustProxy?: boolean;
  /** Where push and sign-in refusals are logged. */
  log?: ChatLogger;
}

/** The operators' namespace. */
export const OPERATORS_NAMESPACE = '/operators';

/**
 * The hand-off feature as the chat server holds it: builds the desk and its parts from
 * `HandoffOptions` (nothing happens until `attach`), gives the intake, the responder runner and
 * the socket handler their hooks, and on `attach` opens `/operators` and relays presence changes.
 * `close` stops the relay and closes the presence registry and notifier it was given.
 */
export class HandoffServer {
  readonly shopper: ShopperHandoff;
  readonly messages: HandoffMessages;
  private readonly desk: HandoffDesk;
  private readonly presence: PresenceRegistry;
  private readonly conversations: ConversationStore;
  private readonly outlet: DeskOutlet;
  private io: IoServer | undefined;
  private nsp: OperatorNsp | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastAvailable: string | undefined;
  /** The default registry on the server's Redis, which must start once Redis is connected. */
  private readonly sharedPresence: RedisPresenceRegistry | undefined;
  /** The inbox page, sign-in and push endpoints, and the caller's own route, as one. */
  private readonly inboxRoute: InboxRoute | undefined;
  private readonly notifier: OperatorNotifier | undefined;

  /** Throws on misuse, before the chat server opens any connection. */
  static check(options: HandoffOptions): void {
    if (typeof options?.operators?.verify !== 'function') {
      throw new TypeError('createChatServer: handoff.operators must be an OperatorAuthenticator (verify and login), for example from the handoff auth module');
    }
    const samples = options.waitSamples ?? 20;
    if (!(Number.isInteger(samples) && samples > 0)) throw new RangeError(`createChatServer: handoff.waitSamples must be a positive integer, got ${samples}`);
    // Checked here too, not only by the Redis store: a bad value must not wait for `redis` to be set to throw.
    const ttl = options.conversationTtlMs;
    if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) throw new RangeError(`createChatServer: handoff.conversationTtlMs must be a positive integer of milliseconds, got ${ttl}`);
  }

  /** Set when the server closes: what fails after (Redis ended under a pending presence write) is not news. */
  private closing = false;

  constructor(private readonly deps: HandoffServerDeps) {
    const { options } = deps;
    const onError = deps.onError;
    deps = { ...deps, onError: (error, where) => !this.closing && onError(error, where) };
    this.deps = deps;
    HandoffServer.check(options);
    if (options.presence === undefined && deps.redis && deps.presenceSubscriber) {
      this.sharedPresence = new RedisPresenceRegistry({
        client: deps.redis.client, subscriber: deps.presenceSubscriber,
        ...(deps.redis.keyPrefix !== undefined && { keyPrefix: deps.redis.keyPrefix }),
        onError: (error) => deps.onError(error, 'handoff presence'),
      });
    }
    const inbox = inboxSetup(options, { redis: deps.redis, socketPath: deps.socketPath ?? '/socket.io', trustProxy: deps.trustProxy ?? false, log: deps.log });
    this.inboxRoute = inbox.route;
    this.notifier = inbox.notifier;
    this.presence = options.presence ?? this.sharedPresence ?? new MemoryPresenceRegistry({ now: deps.now });
    this.conversations = options.store
      ?? (deps.redis ? new RedisConversationStore({
        client: deps.redis.client,
        ...(deps.redis.keyPrefix !== undefined && { keyPrefix: deps.redis.keyPrefix }),
        ...(options.conversationTtlMs !== undefined && { ttlMs: options.conversationTtlMs }),
      }) : new MemoryConversationStore());
    const outlet: DeskOutlet = {
      shopper: (sessionId, event, ...args) => (this.io?.to(deps.roomOf(sessionId)).emit as ((e: string, ...a: unknown[]) => boolean) | undefined)?.(event, ...args),
      operators: (event, ...args) => (this.nsp?.to(OPERATORS_ROOM).emit as ((e: string, ...a: unknown[]) => boolean) | undefined)?.(event, ...args),
    };
    this.desk = new HandoffDesk({
      conversations: this.conversations, sessions: deps.sessions, presence: this.presence, notifier: this.notifier, hours: options.hours,
      estimate: new WaitEstimate(options.waitSamples ?? 20), outlet, now: deps.now, onError: deps.onError,
    });
    this.messages = new HandoffMessages({
      desk: this.desk, conversations: this.conversations, sessions: deps.sessions, outlet, phrases: options.phrases ?? [],
      waitText: options.waitText ?? waitText, now: deps.now, newId: deps.newId, onError: deps.onError,
    });
    this.shopper = new ShopperHandoff(this.desk, this.messages, outlet, deps.onError);
    this.outlet = outlet;
  }

  attach(io: IoServer): void {
    this.io = io;
    this.nsp = io.of(OPERATORS_NAMESPACE) as unknown as OperatorNsp;
    new OperatorNamespace(this.nsp, {
      authenticator: this.deps.options.operators, desk: this.desk, messages: this.messages, conversations: this.conversations,
      presence: this.presence, outlet: this.outlet, limits: this.deps.limits, search: this.deps.search, now: this.deps.now, onError: this.deps.onError,
    }).attach();
    // Each process hears every change from its registry and tells its own connections only.
    this.unsubscribe = this.presence.onChange((presence) => {
      this.nsp?.local.emit('presence-updated', presence);
      this.presenceChanged(io).catch((error: unknown) => this.deps.onError(error, 'handoff presence'));
    });
  }

  /**
   * Tells this process's shoppers when a person became available or not, and restates waiting
   * conversations (their expected wait, whether to ask for an email), which depend on it. Local
   * emits only: every process hears the change and tells its own connections.
   */
  private async presenceChanged(io: IoServer): Promise<void> {
    const now = await this.shopper.presence();
    const key = JSON.stringify(now);
    if (key === this.lastAvailable) return;
    this.lastAvailable = key;
    (io.local.emit as (e: string, ...a: unknown[]) => boolean)('presence', now);
    for (const state of await this.desk.waitingStates()) {
      (io.local.to(this.deps.roomOf(state.sessionId)).emit as (e: string, ...a: unknown[]) => boolean)('handoff-state', state);
    }
  }

  /** Serves the inbox page (`handoff.inbox`) before the chat server's other routes. */
  listener(next: RequestListener): RequestListener {
    const inbox = this.inboxRoute;
    if (inbox === undefined) return next;
    return (request, response) => {
      Promise.resolve(inbox(request, response)).then((answered) => {
        if (!answered) next(request, response);
      }, (error: unknown) => {
        this.deps.onError(error, 'inbox route');
        if (!response.headersSent) response.writeHead(500).end();
      });
    };
  }

  /** A responder handed off: see HandoffMessages.responderHandoff. */
  responderHandoff(sessionId: string, reason: string | undefined): void {
    this.messages.responderHandoff(sessionId, reason).catch((error: unknown) => this.deps.onError(error, 'handoff desk'));
  }

  /** An answer went out: kept for the operators' transcript. */
  answered(response: ChatResponse): void {
    this.messages.answered(response).catch((error: unknown) => this.deps.onError(error, 'handoff desk'));
  }

  /** Once the server's Redis is connected: the shared presence loads and starts its heartbeat. */
  async start(): Promise<void> {
    await this.sharedPresence?.start();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe?.();
    // On a caller's http server the chat server closes only the default namespace's adapter; a
    // Redis adapter left open here would keep polling its stream. Closing twice is harmless.
    await this.nsp?.adapter.close();
    await Promise.all([this.presence.close(), this.notifier?.close()]);
  }
}
