import { gunzipSync, gzipSync } from 'node:zlib';
import type { Catalog } from '../model.js';
import { LuaScript, type RedisCommandClient } from '../../sessions/redis-scripts.js';
import { record, text } from '../connectors/values.js';

export interface RedisCatalogOptions {
  /** A node-redis client (`createClient()`), connected; closing it stays with you. */
  client: RedisCommandClient;
  /** Prefix of every key; processes serving one store share it. @default 'aidw:' */
  keyPrefix?: string;
  /** How long the sync lock lives without renewal: a dead syncer is replaced after this. @default 30000 */
  lockTtlMs?: number;
  /** How often a process checks for a new version (and the syncer renews its lock). @default 2000 */
  pollMs?: number;
  /**
   * A connection for pub/sub only (node-redis: `client.duplicate()`, connected; closing it stays
   * with you). With it a follower loads a new version as soon as the syncer publishes it, and the
   * poll every `pollMs` is only the fallback for a message lost while Redis reconnected.
   * @default none: followers learn of new versions by polling
   */
  subscriber?: RedisSubscriber;
}

/** The part of a node-redis client in subscriber mode that the catalog uses. */
export interface RedisSubscriber {
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
}

// Renew or release the lock only while we still hold it: after a pause longer than the TTL another
// process may hold it, and deleting that one's lock would let a third start syncing too.
const RENEW = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`);
const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);

/** Old versions stay readable this long, for a process that read the pointer just before it moved. */
const OLD_VERSION_TTL_MS = 10 * 60_000;

/**
 * The catalog shared through Redis: a lock (SET NX PX, renewed) that makes one process the
 * syncer, each version stored once as gzipped JSON under its own key, a pointer to the current
 * version, a PUBLISH for anyone listening, and a flag any process can raise to ask the syncer
 * for a refresh (a webhook may reach any process).
 */
export class RedisCatalogStore {
  readonly pollMs: number;
  readonly lockTtlMs: number;
  /** Where each saved version is published. */
  readonly updates: string;
  readonly subscriber: RedisSubscriber | undefined;
  private readonly client: RedisCommandClient;
  private readonly prefix: string;

  constructor(options: RedisCatalogOptions, private readonly owner: string) {
    if (typeof options?.client?.sendCommand !== 'function') throw new TypeError('catalog redis: pass `client`, a node-redis client from createClient()');
    this.client = options.client;
    this.prefix = `${options.keyPrefix ?? 'aidw:'}catalog:`;
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 2000;
    this.updates = `${this.prefix}updates`;
    this.subscriber = options.subscriber;
    if (this.subscriber !== undefined && (typeof this.subscriber.subscribe !== 'function' || typeof this.subscriber.unsubscribe !== 'function')) {
      throw new TypeError('catalog redis: subscriber must be a node-redis client for pub/sub, e.g. client.duplicate() once connected');
    }
    if (!(this.pollMs > 0) || !(this.lockTtlMs > this.pollMs * 2)) throw new TypeError('catalog redis: lockTtlMs must be more than twice pollMs, so the syncer renews in time');
  }

  /** Takes the lock if it is free, or keeps it if ours. True when we hold it afterwards. */
  async holdLock(): Promise<boolean> {
    const key = `${this.prefix}lock`;
    if (Number(await RENEW.run(this.client, [key], [this.owner, this.lockTtlMs])) === 1) return true;
    return (await this.client.sendCommand(['SET', key, this.owner, 'NX', 'PX', String(this.lockTtlMs)])) !== null;
  }

  async releaseLock(): Promise<void> {
    await RELEASE.run(this.client, [`${this.prefix}lock`], [this.owner]);
  }

  async currentVersion(): Promise<string | undefined> {
    return text(await this.client.sendCommand(['GET', `${this.prefix}current`]));
  }

  async save(catalog: Catalog): Promise<void> {
    const previous = await this.currentVersion();
    const packed = gzipSync(JSON.stringify(catalog)).toString('base64');
    await this.client.sendCommand(['SET', `${this.prefix}v:${catalog.version}`, packed]);
    await this.client.sendCommand(['SET', `${this.prefix}current`, catalog.version]);
    if (previous !== undefined && previous !== catalog.version) await this.client.sendCommand(['PEXPIRE', `${this.prefix}v:${previous}`, String(OLD_VERSION_TTL_MS)]);
    await this.client.sendCommand(['PUBLISH', this.updates, catalog.version]);
  }

  /** The stored version, or undefined when it is gone or unreadable (then the next poll tries again). */
  async load(version: string): Promise<Catalog | undefined> {
    const packed = text(await this.client.sendCommand(['GET', `${this.prefix}v:${version}`]));
    if (packed === undefined) return undefined;
    try {
      const catalog = record(JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')));
      // Written by a process of ours, but Redis is shared: check the frame before trusting it.
      if (catalog?.version !== version || !Array.isArray(catalog.items) || typeof catalog.currency !== 'string') return undefined;
      return catalog as unknown as Catalog;
    } catch {
      return undefined;
    }
  }

  async requestRefresh(): Promise<void> {
    await this.client.sendCommand(['SET', `${this.prefix}refresh`, '1', 'PX', String(this.lockTtlMs * 4)]);
  }

  /** True (once) when some process asked for a refresh since the last call. */
  async takeRefreshRequest(): Promise<boolean> {
    return (await this.client.sendCommand(['DEL', `${this.prefix}refresh`])) === 1;
  }
}
