import { createClient, type RedisClientType } from '@redis/client';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { ServerOptions } from 'socket.io';
import type { ChatLogger } from '../operations/logger.js';
import { checkRedisPersistence } from './redis-persistence.js';
import { RedisSessionStore } from './redis-store.js';
import type { RedisScaleOptions } from '../types.js';

type Client = RedisClientType;

/**
 * The Redis connections of a chat server that shares its sessions and broadcasts with other
 * processes, and everything built on them:
 * - `store`: a RedisSessionStore on a connection that fails fast while Redis is unreachable
 *   (shoppers get `unavailable` and retry) instead of queueing their messages for later;
 * - `adapter`: the Socket.IO Redis Streams adapter on a connection that queues while Redis is
 *   away, plus the two connections the adapter makes from it (a blocking stream reader and a
 *   pub/sub subscriber). Streams let a client recover its connection state on another server.
 * `ready` also checks that Redis persists what it is given (see `requirePersistence`).
 */
export class RedisScaleOut {
  readonly store: RedisSessionStore;
  /** Undefined when the server was given an adapter of its own. */
  readonly adapter: ServerOptions['adapter'] | undefined;
  /** Resolves once both connections are up. */
  readonly ready: Promise<void>;
  /** The connection the session store uses, for other features that keep state in Redis (the catalog). */
  get commands(): Client {
    return this.storeClient;
  }
  /** A pub/sub connection for the hand-off's shared presence, when asked for. */
  readonly subscriber: Client | undefined;
  private readonly storeClient: Client;
  private readonly adapterClient: Client;
  private readonly copies: Client[] = [];
  private closing = false;

  constructor(options: RedisScaleOptions, withAdapter: boolean, reportError: (error: unknown, where: string) => void, log: ChatLogger, withSubscriber = false) {
    if (typeof options.url !== 'string' || options.url === '') {
      throw new TypeError('createChatServer: redis.url must be a Redis URL such as redis://localhost:6379');
    }
    const prefix = options.keyPrefix ?? 'aidw:';
    // Connections ended by close() fail what was still pending on them: that is not news.
    const onError = (error: unknown, where: string) => {
      if (!this.closing) reportError(error, where);
    };
    this.storeClient = createClient({ url: options.url, disableOfflineQueue: true }) as Client;
    this.adapterClient = createClient({ url: options.url }) as Client;
    for (const client of [this.storeClient, this.adapterClient]) client.on('error', (error: unknown) => onError(error, 'redis'));
    this.trackCopies(this.adapterClient, onError);
    reportRejections(this.adapterClient, ['set', 'publish', 'sPublish'], onError);

    this.store = new RedisSessionStore({
      client: this.storeClient, keyPrefix: prefix,
      ...(options.sessionTtlMs === undefined ? {} : { ttlMs: options.sessionTtlMs }),
    });
    this.subscriber = withSubscriber ? createClient({ url: options.url }) as Client : undefined;
    this.subscriber?.on('error', (error: unknown) => onError(error, 'redis'));
    this.ready = Promise.all([this.storeClient.connect(), this.adapterClient.connect(), this.subscriber?.connect()])
      .then(() => checkRedisPersistence(this.storeClient, options.requirePersistence ?? true, log));
    this.ready.catch(() => undefined);
    // Made only when Socket.IO will use (and so close) it: an adapter nobody closes keeps its
    // stream reader polling forever.
    this.adapter = withAdapter
      ? createAdapter(this.adapterClient, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        sessionKeyPrefix: `${prefix}sio:session:`,
      })
      : undefined;
  }

  /**
   * Ends every connection. Call after Socket.IO closed its adapter: the adapter's stream reader
   * then stops at its next turn, and ending its connection now makes that turn come at once.
   */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.copies.map((client) => end(client, false)));
    // Gracefully, so writes still queued (a recovery session saved as sockets closed) reach Redis.
    await Promise.all([end(this.storeClient, true), end(this.adapterClient, true), this.subscriber && end(this.subscriber, false)]);
  }

  /**
   * The adapter makes its reader and subscriber with `duplicate()` and keeps them to itself,
   * closing them only when its blocking read (up to 5 s) returns. Tracking them here lets close()
   * end them at once; their own `disconnect()` is made safe to call on an ended client, which the
   * adapter does when its read fails because we ended it.
   */
  private trackCopies(client: Client, onError: (error: unknown, where: string) => void): void {
    const duplicate = client.duplicate.bind(client);
    client.duplicate = ((...args: Parameters<Client['duplicate']>) => {
      const copy = duplicate(...args) as Client;
      copy.disconnect = async () => {
        if (copy.isOpen) copy.destroy();
      };
      reportRejections(copy, ['subscribe', 'sSubscribe'], onError);
      this.copies.push(copy);
      return copy;
    }) as Client['duplicate'];
  }
}

/**
 * The adapter sends some commands without waiting for them (saving a recovery session, pub/sub):
 * one failing (Redis restarting, the client ended) would be an unhandled rejection that ends the
 * process. Their promises get a handler here that reports the failure instead; the adapter still
 * receives the same promise.
 */
function reportRejections(client: Client, methods: readonly string[], onError: (error: unknown, where: string) => void): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      const result = original.apply(client, args);
      if (result instanceof Promise) result.catch((error: unknown) => onError(error, 'redis adapter'));
      return result;
    };
  }
}

/**
 * Ends a client. One still connecting is first left to finish (or fail) its attempt: destroyed
 * half-way, node-redis would complete the connection anyway and leave it open.
 */
async function end(client: Client, graceful: boolean): Promise<void> {
  if (client.isOpen && !client.isReady) await settled(client);
  if (!client.isOpen) return;
  if (graceful && client.isReady) await client.close();
  else client.destroy();
}

function settled(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    client.on('ready', done);
    client.on('error', done);
  });
}
