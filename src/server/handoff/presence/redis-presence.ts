import type { OperatorIdentity, OperatorPresence, PresenceState } from '../../../protocol/handoff.js';
import type { PresenceRegistry } from '../contracts.js';
import { LuaScript, type RedisCommandClient } from '../../sessions/redis-scripts.js';
import { DEFAULT_OFFLINE_WINDOW_MS, checkConnectionState, type ConnectionState } from './presence-state.js';
import { REMOVE_CONNECTIONS, SET_CONNECTIONS, SWEEP_AND_LIST } from './redis-presence-scripts.js';

/** The pub/sub half of a node-redis client (`client.duplicate()`, connected): it only listens. */
export interface PresenceSubscriber {
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown>;
  unsubscribe(channel: string, listener?: (message: string, channel: string) => unknown): Promise<unknown>;
}

/** The timers the heartbeat runs on. */
export interface HeartbeatTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface RedisPresenceRegistryOptions {
  /** A node-redis client for commands. Connecting and closing it stay with you. */
  client: RedisCommandClient;
  /** A second node-redis client (`client.duplicate()`, connected) for the change channel; it is put in subscriber mode. */
  subscriber: PresenceSubscriber;
  /** Prefix of the key and channel. Processes that share presence must share it. @default 'aidw:' */
  keyPrefix?: string;
  /**
   * How long a connection counts without its process renewing it: a crashed process's operators go
   * offline this long after its last heartbeat. @default 30000
   */
  connectionTtlMs?: number;
  /** How often this process renews its connections and expires other processes' stale ones. @default connectionTtlMs / 3 */
  heartbeatMs?: number;
  /** How long an operator whose last connection went is still listed, as offline. @default 86400000 (24 hours) */
  offlineWindowMs?: number;
  /** Told when a heartbeat fails (Redis away): the next one tries again. @default ignores them */
  onError?: (error: unknown) => void;
  /** Timers, for tests. @default globalThis's setInterval and clearInterval */
  timers?: HeartbeatTimers;
}

const SET = new LuaScript(SET_CONNECTIONS);
const REMOVE = new LuaScript(REMOVE_CONNECTIONS);
const SWEEP = new LuaScript(SWEEP_AND_LIST);

/**
 * Presence shared by every server process on one Redis. Each connection is kept with a time-to-live
 * that the process holding it renews on a heartbeat, so the connections of a process that crashed
 * (and never said they closed) expire by themselves, and every process's heartbeat notices it.
 * Changes go out on a pub/sub channel, so `onChange` fires in every process, for every operator.
 * State lives in Redis: a restarted process lists everyone again at once.
 *
 * @example
 * const subscriber = client.duplicate();
 * await subscriber.connect();
 * const presence = new RedisPresenceRegistry({ client, subscriber });
 * await presence.start();
 */
export class RedisPresenceRegistry implements PresenceRegistry {
  private readonly options: RedisPresenceRegistryOptions;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly heartbeatMs: number;
  private readonly offlineWindowMs: number;
  private readonly timers: HeartbeatTimers;
  private readonly listeners = new Set<(presence: OperatorPresence) => void>();
  /** The connections this process holds, by operator id then connection id. */
  private readonly held = new Map<string, { name: string; connections: Map<string, ConnectionState> }>();
  private readonly onMessage = (message: string) => this.deliver(message);
  private started: Promise<void> | undefined;
  private heartbeat: unknown;
  private beating = false;
  private closed = false;

  constructor(options: RedisPresenceRegistryOptions) {
    if (typeof options?.client?.sendCommand !== 'function') throw new TypeError('RedisPresenceRegistry: pass `client`, a node-redis client from createClient()');
    if (typeof options.subscriber?.subscribe !== 'function') {
      throw new TypeError('RedisPresenceRegistry: pass `subscriber`, a second connected node-redis client (client.duplicate())');
    }
    this.options = options;
    this.key = `${options.keyPrefix ?? 'aidw:'}presence`;
    this.ttlMs = positive(options.connectionTtlMs ?? 30_000, 'connectionTtlMs');
    this.heartbeatMs = positive(options.heartbeatMs ?? this.ttlMs / 3, 'heartbeatMs');
    if (this.heartbeatMs >= this.ttlMs) throw new RangeError(`RedisPresenceRegistry: heartbeatMs (${this.heartbeatMs}) must be shorter than connectionTtlMs (${this.ttlMs})`);
    this.offlineWindowMs = options.offlineWindowMs ?? DEFAULT_OFFLINE_WINDOW_MS;
    if (!(this.offlineWindowMs >= 0)) throw new RangeError(`RedisPresenceRegistry: offlineWindowMs must be 0 or more, got ${this.offlineWindowMs}`);
    this.timers = options.timers ?? { setInterval: (callback, ms) => setInterval(callback, ms), clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout) };
  }

  /**
   * Subscribes to changes and starts the heartbeat; the other methods call it too, but await it
   * first to be sure of hearing changes from the start. Idempotent.
   */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('RedisPresenceRegistry: closed; make a new one'));
    this.started ??= (async () => {
      await this.options.subscriber.subscribe(this.key, this.onMessage);
      this.heartbeat = this.timers.setInterval(() => void this.beat(), this.heartbeatMs);
    })();
    return this.started;
  }

  async set(operator: OperatorIdentity, connectionId: string, state: ConnectionState): Promise<void> {
    checkConnectionState(state, 'RedisPresenceRegistry.set');
    await this.start();
    const entry = this.held.get(operator.id) ?? { name: operator.name, connections: new Map<string, ConnectionState>() };
    entry.name = operator.name;
    entry.connections.set(connectionId, state);
    this.held.set(operator.id, entry);
    await SET.run(this.options.client, [this.key], [this.key, this.ttlMs, operator.id, operator.name, connectionId, state]);
  }

  async remove(operatorId: string, connectionId: string): Promise<void> {
    await this.start();
    const entry = this.held.get(operatorId);
    entry?.connections.delete(connectionId);
    if (entry?.connections.size === 0) this.held.delete(operatorId);
    await REMOVE.run(this.options.client, [this.key], [this.key, operatorId, connectionId]);
  }

  async list(): Promise<OperatorPresence[]> {
    await this.start();
    return parseList(await SWEEP.run(this.options.client, [this.key], [this.key, this.offlineWindowMs]));
  }

  onChange(listener: (presence: OperatorPresence) => void): () => void {
    this.listeners.add(listener);
    void this.start().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  /** Stops the heartbeat and the subscription; the connections this process held are removed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat !== undefined) this.timers.clearInterval(this.heartbeat);
    const pairs = [...this.held].flatMap(([operatorId, { connections }]) => [...connections.keys()].flatMap((id) => [operatorId, id]));
    this.held.clear();
    if (pairs.length > 0) await REMOVE.run(this.options.client, [this.key], [this.key, ...pairs]);
    if (this.started !== undefined) await this.options.subscriber.unsubscribe(this.key, this.onMessage);
    this.listeners.clear();
  }

  /** Renews this process's connections (bringing them back if they expired) and expires stale ones. */
  private async beat(): Promise<void> {
    // While Redis is away a beat can wait on a queued command: do not pile more behind it.
    if (this.beating) return;
    this.beating = true;
    try {
      const groups = [...this.held].flatMap(([operatorId, { name, connections }]) =>
        [...connections].flatMap(([connectionId, state]) => [operatorId, name, connectionId, state]));
      if (groups.length > 0) await SET.run(this.options.client, [this.key], [this.key, this.ttlMs, ...groups]);
      await SWEEP.run(this.options.client, [this.key], [this.key, this.offlineWindowMs]);
    } catch (error) {
      if (!this.closed) (this.options.onError ?? (() => undefined))(error);
    } finally {
      this.beating = false;
    }
  }

  private deliver(message: string): void {
    const presence = parsePresence(safeJson(message));
    if (presence === undefined) return;
    for (const listener of [...this.listeners]) listener(presence);
  }
}

const STATES: readonly PresenceState[] = ['online', 'away', 'offline'];

/** What comes out of Redis is checked once here, so a stray publish on the channel cannot reach listeners. */
function parsePresence(value: unknown): OperatorPresence | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { operatorId, name, state, since } = value as Record<string, unknown>;
  if (typeof operatorId !== 'string' || typeof name !== 'string' || !STATES.includes(state as PresenceState) || typeof since !== 'number') return undefined;
  return { operatorId, name, state: state as PresenceState, since };
}

function parseList(reply: unknown): OperatorPresence[] {
  const value = typeof reply === 'string' ? safeJson(reply) : undefined;
  return Array.isArray(value) ? value.map(parsePresence).filter((p): p is OperatorPresence => p !== undefined) : [];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function positive(value: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`RedisPresenceRegistry: ${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}
