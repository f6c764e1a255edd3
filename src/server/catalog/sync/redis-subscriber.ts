import type { ChatLogger } from '../../operations/logger.js';
import type { RedisSubscriber } from './redis-catalog-store.js';

/** The part of a node-redis client that can make a connection of its own for pub/sub. */
interface Duplicable {
  duplicate(): SubscriberConnection;
}

interface SubscriberConnection extends RedisSubscriber {
  connect(): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  readonly isOpen: boolean;
}

export function canDuplicate(client: unknown): client is Duplicable {
  return typeof (client as Partial<Duplicable> | undefined)?.duplicate === 'function';
}

/**
 * A subscriber on a copy of the chat server's Redis connection, made on the first subscribe (so
 * the constructor opens nothing) and ended by `close()`. A Redis client in subscriber mode can
 * send nothing else, hence a connection of its own. node-redis reconnects and subscribes again
 * by itself; its errors meanwhile are logged, and the catalog's poll covers the gap.
 */
export class OwnSubscriber implements RedisSubscriber {
  private connection: SubscriberConnection | undefined;

  constructor(private readonly client: Duplicable, private readonly log: ChatLogger) {}

  async subscribe(channel: string, listener: (message: string) => void): Promise<unknown> {
    if (this.connection === undefined) {
      const connection = this.client.duplicate();
      connection.on('error', (error) => this.log({ level: 'warn', event: 'catalog_subscriber_error', message: (error as Error)?.message ?? String(error) }));
      this.connection = connection;
      await connection.connect();
    }
    return this.connection.subscribe(channel, listener);
  }

  async unsubscribe(channel: string, listener: (message: string) => void): Promise<unknown> {
    return this.connection?.unsubscribe(channel, listener);
  }

  close(): void {
    if (this.connection?.isOpen) this.connection.destroy();
    this.connection = undefined;
  }
}
