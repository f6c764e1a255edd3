import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { between } from './seeded-random';

/** The proxy listens and connects on loopback only: chaos never leaves the machine. */
const LOOPBACK = '127.0.0.1';

export interface ChaosOptions {
  /** Seeded randomness (see `mulberry32`), so a run can be replayed. */
  random: () => number;
  /** Pause before each disruption, drawn in [min, max] ms. */
  cutEveryMs: readonly [min: number, max: number];
  /** Chance that a disruption cuts every connection rather than each one with chance 1/2. @default 0.5 */
  cutAllChance?: number;
  /** Chance that a disruption also refuses new connections for a while. @default 0.2 */
  refuseChance?: number;
  /** How long a refusal lasts, drawn in [min, max] ms. @default [100, 800] */
  refuseMs?: readonly [min: number, max: number];
  /** Chance that a cut connection is reset (RST) rather than closed (FIN). @default 0.5 */
  resetChance?: number;
  /**
   * Chance that a disruption starts with a stall: nothing gets from the server to the client for a
   * while (what the client sent still arrives, so its acks are what goes missing), after which the
   * connections are cut or, half the time, what was held is delivered late. @default 0
   */
  stallChance?: number;
  /** How long a stall lasts, drawn in [min, max] ms. @default [50, 2000] */
  stallMs?: readonly [min: number, max: number];
  /** The chaos stops by itself after this long, even if nobody calls `stopChaos()`. */
  maxDurationMs: number;
}

export interface ProxyCounters {
  /** Connections accepted and forwarded. */
  connections: number;
  /** Disruptions that found at least one connection to cut. */
  cuts: number;
  /** Connections destroyed by those cuts. */
  cutConnections: number;
  /** Refusal windows opened. */
  refusals: number;
  /** Stalls (server-to-client traffic held back), ended by a cut or a late delivery. */
  stalls: number;
  /** Connections destroyed on arrival because a refusal window was open. */
  refusedConnections: number;
  /** Connections that ended before their upstream connection was made (target down, or the client gave up first). */
  upstreamFailures: number;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  stalled: boolean;
}

/**
 * A TCP proxy on loopback between a client and a server, for chaos tests: it cuts connections
 * (both sides, as a dropped network path looks to each of them), refuses new ones for a while,
 * stalls what the server sends, and with `startChaos` does all of it at random, from a seeded PRNG.
 * Every timer it starts ends by itself or on `close()`.
 */
export class TcpProxy {
  readonly counters: ProxyCounters = { connections: 0, cuts: 0, cutConnections: 0, refusals: 0, stalls: 0, refusedConnections: 0, upstreamFailures: 0 };
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();
  private refusingUntil = 0;
  private chaosTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly stallTimers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  /** `onEvent` hears every cut, refusal and connection, for a test's timeline. */
  constructor(private targetPort: number, private readonly onEvent: (event: string) => void = () => {}) {
    this.server = createServer((client) => this.accept(client));
  }

  /** Starts a proxy on any free loopback port in front of `targetPort`. */
  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await proxy.listen();
    return proxy;
  }

  /** New connections go to this port, as a load balancer moving traffic; live ones stay put. */
  retarget(port: number): void {
    this.targetPort = port;
  }

  /** Starts listening on 127.0.0.1 (`port` 0: any free port) and resolves with the port. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, LOOPBACK, () => {
        this.server.off('error', reject);
        resolve(this.port);
      });
    });
  }

  get port(): number {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address.port : 0;
  }

  get url(): string {
    return `http://${LOOPBACK}:${this.port}`;
  }

  /** Connections open right now. */
  get open(): number {
    return this.pairs.size;
  }

  get refusing(): boolean {
    return Date.now() < this.refusingUntil;
  }

  /** Destroys every open connection on both sides; returns how many there were. */
  cutAll(reset = false): number {
    return this.cutWhere(() => true, reset);
  }

  /** New connections are destroyed as soon as they are accepted, for `ms` from now. */
  refuseFor(ms: number): void {
    this.counters.refusals++;
    this.onEvent(`refuse for ${ms} ms`);
    this.refusingUntil = Math.max(this.refusingUntil, Date.now() + ms);
  }

  /**
   * Disrupts at random until `stopChaos()`, `close()` or `maxDurationMs`: after each pause it
   * stalls the open connections, or cuts every one or some of them and sometimes refuses new ones
   * for a while.
   */
  startChaos(options: ChaosOptions): void {
    if (this.closed) throw new Error('TcpProxy: startChaos() after close()');
    this.stopChaos();
    const { random, cutEveryMs, maxDurationMs } = options;
    const cutAllChance = options.cutAllChance ?? 0.5;
    const refuseChance = options.refuseChance ?? 0.2;
    const refuseMs = options.refuseMs ?? [100, 800];
    const resetChance = options.resetChance ?? 0.5;
    const stallChance = options.stallChance ?? 0;
    const stallMs = options.stallMs ?? [50, 2000];
    const deadline = Date.now() + maxDurationMs;
    const next = () => {
      const pause = between(random, cutEveryMs[0], cutEveryMs[1]);
      if (Date.now() + pause > deadline) {
        this.chaosTimer = undefined;
        return;
      }
      this.chaosTimer = setTimeout(() => {
        if (random() < stallChance) {
          this.stallFor(between(random, stallMs[0], stallMs[1]), random() < 0.5 ? 'cut' : 'deliver');
          next();
          return;
        }
        const reset = random() < resetChance;
        if (random() < cutAllChance) this.cutAll(reset);
        else this.cutWhere(() => random() < 0.5, reset);
        if (random() < refuseChance) this.refuseFor(between(random, refuseMs[0], refuseMs[1]));
        next();
      }, pause);
    };
    next();
  }

  /**
   * Holds back everything the server sends on the connections open now, for `ms`; then cuts them
   * (`end: 'cut'`) or delivers what was held, late (`end: 'deliver'`).
   */
  stallFor(ms: number, end: 'cut' | 'deliver'): void {
    const pairs = [...this.pairs].filter((pair) => !pair.stalled);
    if (pairs.length === 0) return;
    this.counters.stalls++;
    this.onEvent(`stall ${pairs.length} connection(s) for ${ms} ms, then ${end}`);
    for (const pair of pairs) {
      pair.stalled = true;
      pair.upstream.unpipe(pair.client);
      pair.upstream.pause();
    }
    const timer = setTimeout(() => {
      this.stallTimers.delete(timer);
      const live = pairs.filter((pair) => this.pairs.has(pair));
      if (end === 'cut') {
        this.cutWhere((pair) => live.includes(pair), false);
        return;
      }
      for (const pair of live) {
        pair.stalled = false;
        pair.upstream.pipe(pair.client);
      }
      if (live.length > 0) this.onEvent(`delivered what ${live.length} stalled connection(s) held`);
    }, ms);
    this.stallTimers.add(timer);
  }

  /** Ends a refusal window now. */
  stopRefusing(): void {
    this.refusingUntil = 0;
  }

  /** Stops the random disruptions and ends any refusal window; open connections stay. */
  stopChaos(): void {
    if (this.chaosTimer !== undefined) clearTimeout(this.chaosTimer);
    this.chaosTimer = undefined;
    this.stopRefusing();
  }

  /** Stops the chaos, cuts every connection and stops listening. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopChaos();
    for (const timer of this.stallTimers) clearTimeout(timer);
    this.stallTimers.clear();
    this.cutAll();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private cutWhere(pick: (pair: Pair) => boolean, reset: boolean): number {
    let cut = 0;
    for (const pair of [...this.pairs]) {
      if (!pick(pair)) continue;
      this.drop(pair, reset);
      cut++;
    }
    if (cut > 0) {
      this.onEvent(`cut ${cut} connection(s)${reset ? ' with RST' : ''}`);
      this.counters.cuts++;
      this.counters.cutConnections += cut;
    }
    return cut;
  }

  private accept(client: Socket): void {
    if (this.closed || this.refusing) {
      if (!this.closed) {
        this.counters.refusedConnections++;
        this.onEvent('refused a connection');
      }
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    this.counters.connections++;
    this.onEvent('accepted a connection');
    // Both ends of a WebSocket turn Nagle off; a proxy that left it on would add ~40 ms per small
    // frame (Nagle waiting on delayed ACKs) and measure itself instead of the widget.
    client.setNoDelay(true);
    const upstream = createConnection({ host: LOOPBACK, port: this.targetPort, noDelay: true });
    const pair: Pair = { client, upstream, stalled: false };
    this.pairs.add(pair);
    let connected = false;
    upstream.once('connect', () => (connected = true));
    const end = () => {
      if (!connected && this.pairs.has(pair)) this.counters.upstreamFailures++;
      this.drop(pair, false);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private drop(pair: Pair, reset: boolean): void {
    this.pairs.delete(pair);
    if (reset && !pair.client.destroyed && !pair.client.connecting) pair.client.resetAndDestroy();
    else pair.client.destroy();
    pair.upstream.destroy();
  }
}
