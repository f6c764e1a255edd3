import { randomUUID } from 'node:crypto';
import type { ChatLogger } from '../../operations/logger.js';
import type { CatalogConnector } from '../connectors/connector.js';
import { CatalogError, type CatalogErrorCode } from '../connectors/errors.js';
import type { Catalog, CatalogFormat } from '../model.js';
import { RedisCatalogStore, type RedisCatalogOptions, type RedisSubscriber } from './redis-catalog-store.js';

export interface CatalogTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CatalogSourceOptions {
  /** Reads the store's catalog (`shopifyConnector(...)`, `csvConnector(...)`...). */
  connector: CatalogConnector;
  /** Time between syncs; `false` syncs only at start and on `refresh()`. @default 3600000 (1 hour) */
  refreshMs?: number | false;
  /**
   * Share of products that may vanish in one sync. A sync that loses more is held back (the
   * previous catalog stays) until the next sync returns the same catalog again: a feed that is
   * half-served for a moment does not empty the shop, a merchant who really removed half the
   * range sees it one refresh later (or at once with `refresh()` twice). @default 0.5
   */
  maxShrink?: number;
  /** With several server processes: one syncs, the others load its versions from Redis. @default none */
  redis?: RedisCatalogOptions;
  /** Structured log entries (`catalog_loaded`, `catalog_sync_failed`, `catalog_shrink_held`). @default none */
  logger?: ChatLogger;
  /** @default globalThis timers */
  timers?: CatalogTimers;
  /** @default Date.now */
  now?: () => number;
}

/** What logs, `/readyz` and `/metrics` say about the catalog. */
export interface CatalogStatus {
  source: string;
  format: CatalogFormat;
  /** Products answered from: the last good catalog's, 0 before the first success. */
  products: number;
  version?: string;
  /** When the catalog in use was loaded (epoch ms). */
  lastSuccessAt?: number;
  /** Milliseconds since then. */
  ageMs?: number;
  /** The last sync's failure, until a sync succeeds. */
  lastError?: { code: CatalogErrorCode | 'redis'; message: string; at: number };
  syncing: boolean;
  /** With Redis: whether this process is the one that syncs. */
  leader?: boolean;
}

export interface CatalogSourceEvents {
  /** A new catalog version is in use. */
  update: (catalog: Catalog) => void;
  /** A sync failed; the previous catalog (if any) stays in use. */
  error: (error: CatalogError) => void;
}

/**
 * Keeps a store's catalog fresh: syncs at `start()` and every `refreshMs`, keeps the last good
 * catalog when a sync fails, comes back empty or shrinks drastically, and (with Redis) lets one
 * process sync while the others follow its versions. The constructor does nothing; `close()`
 * stops every timer and releases the lock.
 *
 * @example
 * const source = new CatalogSource({ connector: shopifyConnector({ url: 'https://shop.example.com' }), refreshMs: 3_600_000 });
 * source.on('update', (catalog) => console.log(catalog.items.length, 'products'));
 * await source.start();
 */
export class CatalogSource {
  private catalog: Catalog | undefined;
  private lastError: CatalogStatus['lastError'];
  private heldVersion: string | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;
  private started = false;
  private closed = false;
  private leader = false;
  private lastSyncAt: number | undefined;
  private subscribed = false;
  /** Loads from Redis, one after another, so a version read earlier never lands after a newer one. */
  private following: Promise<unknown> = Promise.resolve();
  private readonly listeners = { update: new Set<CatalogSourceEvents['update']>(), error: new Set<CatalogSourceEvents['error']>() };
  private readonly connector: CatalogConnector;
  private readonly refreshMs: number | false;
  private readonly maxShrink: number;
  private readonly timers: CatalogTimers;
  private readonly now: () => number;
  private readonly redis: RedisCatalogStore | undefined;

  constructor(private readonly options: CatalogSourceOptions) {
    if (typeof options?.connector?.load !== 'function') throw new TypeError('CatalogSource: pass `connector`, e.g. shopifyConnector({ url })');
    this.connector = options.connector;
    this.refreshMs = options.refreshMs ?? 3_600_000;
    if (this.refreshMs !== false && !(Number.isInteger(this.refreshMs) && this.refreshMs >= 1000)) throw new TypeError('CatalogSource: refreshMs must be a whole number of milliseconds, at least 1000, or false');
    this.maxShrink = options.maxShrink ?? 0.5;
    if (!(this.maxShrink >= 0 && this.maxShrink <= 1)) throw new TypeError('CatalogSource: maxShrink must be from 0 to 1');
    this.timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };
    this.now = options.now ?? Date.now;
    this.redis = options.redis ? new RedisCatalogStore(options.redis, `${process.pid}:${randomUUID()}`) : undefined;
  }

  /** The catalog in use, or undefined before the first good sync. */
  current(): Catalog | undefined {
    return this.catalog;
  }

  on<E extends keyof CatalogSourceEvents>(event: E, listener: CatalogSourceEvents[E]): () => void {
    const set = this.listeners[event] as Set<CatalogSourceEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  status(): CatalogStatus {
    const c = this.catalog;
    return {
      source: this.connector.source, format: this.connector.format, products: c?.items.length ?? 0, syncing: this.running !== undefined,
      ...(c && { version: c.version, lastSuccessAt: c.loadedAt, ageMs: Math.max(0, this.now() - c.loadedAt) }),
      ...(this.lastError && { lastError: this.lastError }),
      ...(this.redis && { leader: this.leader }),
    };
  }

  /**
   * Loads the first catalog (from Redis when another process already synced, else from the
   * store) and starts the refresh timer; with a Redis `subscriber`, listens for new versions.
   * Resolves when the first attempt is over, whether it succeeded or not: check `current()` or
   * `status()`. Idempotent.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.redis?.subscriber) await this.subscribe(this.redis, this.redis.subscriber);
    await this.tick();
  }

  /** Asks for a sync now (a webhook said the catalog changed). With Redis a follower passes it to the syncer. */
  async refresh(): Promise<void> {
    if (this.closed) return;
    if (this.redis && !this.leader) {
      await this.redis.requestRefresh().catch((error: unknown) => this.fail('redis', error));
      return;
    }
    await this.sync();
  }

  /** Stops the timer and releases the sync lock. Idempotent; a sync in flight finishes but changes nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    if (this.subscribed) await this.redis?.subscriber?.unsubscribe(this.redis.updates, this.published).catch(() => undefined);
    this.subscribed = false;
    await this.following;
    if (this.redis && this.leader) await this.redis.releaseLock().catch(() => undefined);
    this.leader = false;
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.redis) await this.followOrLead(this.redis);
      else await this.sync();
    } finally {
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.closed) return;
    const delay = this.redis ? this.redis.pollMs : this.refreshMs;
    if (delay === false) return;
    this.timer = this.timers.setTimeout(() => void this.tick(), delay);
  }

  /** A failed subscription is logged and left to the poll (node-redis resubscribes after reconnects). */
  private async subscribe(redis: RedisCatalogStore, subscriber: RedisSubscriber): Promise<void> {
    try {
      await subscriber.subscribe(redis.updates, this.published);
      this.subscribed = true;
    } catch (error) {
      this.fail('redis', error);
    }
  }

  /** The syncer published a version: load it now rather than at the next poll. */
  private readonly published = (version: string): void => {
    if (this.closed || version === this.catalog?.version || this.redis === undefined) return;
    this.followStored(this.redis).catch((error: unknown) => this.fail('redis', error));
  };

  /**
   * Loads the version Redis points at when not in use (nor a sync of ours running: the syncer uses
   * what it saves). The pointer, not a message, says which: a late message for an older version
   * changes nothing. Resolves with the stored version.
   */
  private followStored(redis: RedisCatalogStore): Promise<string | undefined> {
    const next = this.following.then(async () => {
      const stored = await redis.currentVersion();
      if (stored !== undefined && stored !== this.catalog?.version && this.running === undefined && !this.closed) {
        const catalog = await redis.load(stored);
        if (catalog && !this.closed && this.running === undefined) this.use(catalog, 'redis');
      }
      return stored;
    });
    this.following = next.catch(() => undefined);
    return next;
  }

  private async followOrLead(redis: RedisCatalogStore): Promise<void> {
    try {
      this.leader = await redis.holdLock();
      const stored = await this.followStored(redis);
      if (!this.leader) return;
      const due = this.lastSyncAt === undefined || (this.refreshMs !== false && this.now() - this.lastSyncAt >= this.refreshMs);
      if (due || stored === undefined || (await redis.takeRefreshRequest())) await this.sync();
    } catch (error) {
      this.fail('redis', error);
    }
  }

  /** One sync at a time; a refresh asked for during a sync runs once after it. */
  private sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.syncOnce();
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    this.lastSyncAt = this.now();
    let next: Catalog;
    try {
      next = await this.connector.load();
    } catch (error) {
      this.fail('load', error);
      return;
    }
    if (this.closed) return;
    const before = this.catalog?.items.length ?? 0;
    const lost = before === 0 ? 0 : (before - next.items.length) / before;
    if (lost > this.maxShrink && next.version !== this.heldVersion && next.version !== this.catalog?.version) {
      this.heldVersion = next.version;
      this.fail('load', new CatalogError('shrunk', `${this.connector.source}: ${next.items.length} products where there were ${before}; kept the previous catalog until a second sync agrees`));
      this.options.logger?.({ level: 'warn', event: 'catalog_shrink_held', source: this.connector.source, products: before, offered: next.items.length });
      return;
    }
    this.heldVersion = undefined;
    try {
      if (this.redis && this.leader) await this.redis.save(next);
    } catch (error) {
      this.fail('redis', error);
    }
    this.use(next, 'store');
  }

  private use(catalog: Catalog, from: 'store' | 'redis'): void {
    this.lastError = undefined;
    const changed = catalog.version !== this.catalog?.version;
    // Same content: the version (what a search index is keyed by) stays; only the success time moves.
    this.catalog = changed ? catalog : { ...this.catalog!, loadedAt: catalog.loadedAt };
    if (!changed) return;
    const { report } = catalog;
    this.options.logger?.({
      level: 'info', event: 'catalog_loaded', from, source: report.source, format: report.format, version: catalog.version,
      products: catalog.items.length, read: report.read, dropped: report.dropped.length, repaired: report.repaired.length,
      ...(report.warnings && { warnings: report.warnings }),
      // The first reasons, so a merchant sees why entries were dropped without a debugger.
      ...(report.dropped.length > 0 && { droppedExamples: report.dropped.slice(0, 5).map((i) => `${i.entry}: ${i.reason}`) }),
    });
    for (const listener of [...this.listeners.update]) listener(catalog);
  }

  private fail(where: 'load' | 'redis', error: unknown): void {
    const wrapped = error instanceof CatalogError ? error : new CatalogError('network', (error as Error)?.message ?? String(error), { cause: error });
    const code = where === 'redis' ? 'redis' : wrapped.code;
    this.lastError = { code, message: wrapped.message, at: this.now() };
    this.options.logger?.({
      level: 'warn', event: 'catalog_sync_failed', code, message: wrapped.message, source: this.connector.source,
      keeping: this.catalog?.items.length ?? 0, ...(this.catalog && { version: this.catalog.version }),
    });
    for (const listener of [...this.listeners.error]) listener(wrapped);
  }
}
