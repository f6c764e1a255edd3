import type { RequestListener } from 'node:http';
import type { ChatLogger } from '../../operations/logger.js';
import type { RedisCommandClient } from '../../sessions/redis-scripts.js';
import type { Responder } from '../../answering/responder-types.js';
import type { CatalogConnector } from '../connectors/connector.js';
import type { FaqEntry } from '../faq.js';
import { catalogResponder } from '../responder.js';
import { CatalogSearch } from '../search/catalog-search.js';
import { CatalogSource } from './catalog-source.js';
import type { RedisCatalogOptions } from './redis-catalog-store.js';
import { canDuplicate, OwnSubscriber } from './redis-subscriber.js';
import { catalogWebhookHandler, type CatalogWebhookHandler } from './webhook.js';

/** `createChatServer({ catalog })`: the store's own catalog instead of the demo one. */
export interface ServerCatalogOptions {
  /** Reads the store's catalog: `createConnector({ format: 'shopify', url })`, `wooCommerceConnector(...)`, ... */
  connector: CatalogConnector;
  /** Time between syncs; `false` syncs at start and on webhooks only. @default 3600000 */
  refreshMs?: number | false;
  /** Share of products one sync may drop before it is held back for a second look. @default 0.5 */
  maxShrink?: number;
  /** Turns on the refresh endpoint for Shopify and WooCommerce webhooks signed with it. @default none */
  webhookSecret?: string | readonly string[];
  /** Where the refresh endpoint answers. @default '/catalog/refresh' */
  webhookPath?: string;
  /** Product cards per answer of the default responder. @default 4 */
  maxResults?: number;
  /**
   * With `redis`: how often a process checks Redis for a new catalog version, a fallback to the
   * version the syncer publishes (heard at once); the syncer's lock lives three times as long.
   * @default 2000
   */
  pollMs?: number;
}

/**
 * The chat server's side of a store catalog: the live `CatalogSource` (sharing the server's Redis
 * so one process syncs), the default responder over it, the webhook route, and what `/readyz` and
 * `/metrics` say about it. The constructor starts nothing; `start()` runs the first sync.
 */
export class ServerCatalog {
  readonly source: CatalogSource;
  /** The default responder's search: its index is built when a version arrives, not on a question. */
  readonly search = new CatalogSearch();
  private readonly webhook: CatalogWebhookHandler | undefined;
  private readonly subscriber: OwnSubscriber | undefined;
  private stopPreparing: (() => void) | undefined;

  constructor(private readonly options: ServerCatalogOptions, deps: { log: ChatLogger; redis?: { client: RedisCommandClient; keyPrefix?: string } }) {
    if (typeof options?.connector?.load !== 'function') throw new TypeError('createChatServer: catalog.connector must be a connector, e.g. createConnector({ format: "shopify", url: "https://shop.example" })');
    if (options.pollMs !== undefined && !(Number.isInteger(options.pollMs) && options.pollMs >= 100)) throw new TypeError('createChatServer: catalog.pollMs must be a whole number of milliseconds, at least 100');
    this.subscriber = deps.redis && canDuplicate(deps.redis.client) ? new OwnSubscriber(deps.redis.client, deps.log) : undefined;
    this.source = new CatalogSource({
      connector: options.connector,
      logger: deps.log,
      ...(options.refreshMs !== undefined && { refreshMs: options.refreshMs }),
      ...(options.maxShrink !== undefined && { maxShrink: options.maxShrink }),
      ...(deps.redis && { redis: this.redisOptions(deps.redis) }),
    });
    this.webhook = options.webhookSecret === undefined ? undefined
      : catalogWebhookHandler(this.source, { secret: options.webhookSecret, ...(options.webhookPath !== undefined && { path: options.webhookPath }) });
  }

  private redisOptions(redis: { client: RedisCommandClient; keyPrefix?: string }): RedisCatalogOptions {
    const pollMs = this.options.pollMs;
    return {
      ...redis,
      ...(this.subscriber && { subscriber: this.subscriber }),
      ...(pollMs !== undefined && { pollMs, lockTtlMs: Math.max(30_000, 3 * pollMs) }),
    };
  }

  /** The default responder: the catalog search over whatever version is current. */
  responder(faq: readonly FaqEntry[] | undefined): Responder {
    return catalogResponder({
      catalog: () => this.source.current(),
      search: this.search,
      ...(this.options.maxResults !== undefined && { maxResults: this.options.maxResults }),
      ...(faq !== undefined && { faq }),
    });
  }

  listener(next: RequestListener): RequestListener {
    const webhook = this.webhook;
    return webhook === undefined ? next : (request, response) => {
      if (!webhook(request, response)) next(request, response);
    };
  }

  /** The first sync. It never rejects: a failure is logged and shown by `/readyz` and `/metrics`. */
  start(): Promise<void> {
    this.stopPreparing ??= this.source.on('update', (catalog) => this.search.prepare(catalog));
    return this.source.start();
  }

  async close(): Promise<void> {
    this.stopPreparing?.();
    this.stopPreparing = undefined;
    await this.source.close();
    this.subscriber?.close();
  }

  /** Ready to answer: a catalog is loaded (a later failed sync keeps serving the last good one). */
  ready(): boolean {
    return this.source.current() !== undefined;
  }

  /** Prometheus lines about the catalog. */
  metrics(now: number): string {
    const status = this.source.status();
    const lines: string[] = [];
    const gauge = (name: string, help: string, value: number) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    gauge('aidw_catalog_products', 'Products in the catalog answered from.', status.products);
    gauge('aidw_catalog_last_success_timestamp_seconds', 'When the catalog in use was loaded (0: never).', Math.floor((status.lastSuccessAt ?? 0) / 1000));
    gauge('aidw_catalog_age_seconds', 'Age of the catalog in use (-1: none loaded).', status.lastSuccessAt === undefined ? -1 : Math.floor((now - status.lastSuccessAt) / 1000));
    gauge('aidw_catalog_last_sync_failed', '1 while the last sync failed (the previous catalog stays in use).', status.lastError === undefined ? 0 : 1);
    if (status.leader !== undefined) gauge('aidw_catalog_leader', '1 on the process that syncs the catalog for all.', status.leader ? 1 : 0);
    return `${lines.join('\n')}\n`;
  }
}
