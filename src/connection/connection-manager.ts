import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ErrorCode, HandshakeAuth, ServerToClientEvents } from '../protocol/index.js';
import { PERMANENT_ERROR_CODES } from '../protocol/index.js';
import { Disposables } from '../util/disposables.js';
import { Emitter } from '../util/emitter.js';
import type { Environment } from '../util/environment.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { OriginProbe } from './origin-probe.js';
import type { ConnectionProblem, ConnectionStatus } from '../util/connection-status.js';

export type { ConnectionProblem, ConnectionStatus };

/**
 * Refusals of this page's origin in a row before the widget stops trying: one more try covers a
 * balancer that routed the first attempt to a server not yet reconfigured; past that, retrying
 * cannot help until the merchant changes the server's settings.
 */
const REFUSALS_BEFORE_FAILING = 2;

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SocketFactory = (url: string | undefined, options: Partial<ManagerOptions & SocketOptions>) => ChatSocket;

/** socket.io-client itself, with a fresh Manager per widget so `destroy()` closes its transport. */
export const defaultSocketFactory: SocketFactory = (url, options) =>
  (url === undefined ? io({ ...options, forceNew: true }) : io(url, { ...options, forceNew: true })) as ChatSocket;

export interface ConnectionOptions extends Partial<BackoffOptions> {
  /** How long one connection attempt may take before it counts as failed. @default 10000 */
  connectTimeoutMs?: number;
}

export interface ConnectionManagerConfig {
  url: string | undefined;
  path: string;
  auth: () => HandshakeAuth;
  env: Environment;
  options: ConnectionOptions;
  socketFactory: SocketFactory;
  transports?: ('websocket' | 'polling' | 'webtransport')[];
  /** Tells an origin refusal from an outage after a failed attempt; without it, none is recognised. */
  probe?: OriginProbe;
}

/** A connection failure. `code` is the contract's code when the server gave one. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(readonly code: ErrorCode | 'origin_refused', message: string) {
    super(message);
  }
}

export interface ConnectionEvents {
  status: (status: ConnectionStatus) => void;
  /** A connection was established (the first or a later one): time to sync and drain. */
  connect: (socket: ChatSocket) => void;
  disconnect: (reason: string) => void;
  /** An attempt to connect failed for a reason worth retrying; `failures` counts since the last success. */
  'connect-failed': (failures: number) => void;
  error: (error: ConnectionError) => void;
  /** Why the server cannot be used, as far as the widget can tell; undefined once connected. */
  problem: (problem: ConnectionProblem | undefined) => void;
}

/**
 * Owns one Socket.IO socket and its reconnection. Socket.IO's own reconnection is switched off
 * because ours must pause while the device is offline, retry at once when it returns or the tab
 * comes back, and stop with a `failed` state that `reconnect()` leaves: behaviour socket.io's
 * Manager does not expose.
 */
export class ConnectionManager {
  private readonly events = new Emitter<ConnectionEvents>();
  private readonly subs = new Disposables();
  private readonly backoff: Backoff;
  private socketRef: ChatSocket | undefined;
  private statusValue: ConnectionStatus = 'idle';
  private attempts = 0;
  private timer: unknown;
  private hasConnected = false;
  private problemValue: ConnectionProblem | undefined;
  private refusals = 0;
  /** The probe in flight; a newer attempt or stop() aborts it, and a stale answer is ignored. */
  private probing: AbortController | undefined;

  constructor(private readonly config: ConnectionManagerConfig) {
    this.backoff = new Backoff(config.options, config.env.random);
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** The live socket, or undefined before `start()` and after `stop()`. */
  get socket(): ChatSocket | undefined {
    return this.socketRef;
  }

  get problem(): ConnectionProblem | undefined {
    return this.problemValue;
  }

  on<E extends keyof ConnectionEvents>(event: E, listener: ConnectionEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Creates the socket and makes the first attempt. Calling it again does nothing. */
  start(): void {
    if (this.socketRef) return;
    const config = this.config;
    const socket = config.socketFactory(config.url, {
      path: config.path,
      autoConnect: false,
      reconnection: false,
      timeout: config.options.connectTimeoutMs ?? 10_000,
      auth: (cb) => cb(config.auth() as unknown as Record<string, unknown>),
      ...(config.transports ? { transports: config.transports } : {}),
    });
    this.socketRef = socket;
    const onConnect = () => this.handleConnect();
    const onConnectError = (err: Error & { data?: { code?: unknown; message?: unknown } }) => this.handleConnectError(err);
    const onDisconnect = (reason: string) => this.handleDisconnect(reason);
    socket.on('connect', onConnect);
    socket.on('connect_error', onConnectError);
    socket.on('disconnect', onDisconnect);
    this.subs.add(() => {
      socket.off('connect', onConnect);
      socket.off('connect_error', onConnectError);
      socket.off('disconnect', onDisconnect);
    });
    this.subs.add(config.env.network.onResume(() => this.handleResume()));
    this.subs.add(config.env.network.onOffline(() => this.handleOffline()));
    this.subs.add(() => this.clearTimer());
    this.subs.add(() => {
      this.probing?.abort();
      this.probing = undefined;
    });
    this.attempt();
  }

  /** Leaves `failed` (or cuts a wait short) and tries again with a fresh attempt budget. */
  reconnect(): void {
    if (!this.socketRef || this.socketRef.connected) return;
    this.attempts = 0;
    this.clearTimer();
    this.attempt();
  }

  /** Disconnects and releases everything `start()` set up. Idempotent. */
  stop(): void {
    const socket = this.socketRef;
    this.subs.dispose();
    this.socketRef = undefined;
    if (socket) {
      socket.disconnect();
      socket.removeAllListeners();
    }
    this.setStatus('idle');
    this.events.clear();
  }

  private attempt(): void {
    const socket = this.socketRef;
    if (!socket || socket.connected) return;
    if (!this.config.env.network.isOnline()) {
      this.setStatus('offline');
      return;
    }
    this.setStatus(this.hasConnected || this.attempts > 0 ? 'reconnecting' : 'connecting');
    socket.connect();
  }

  private handleConnect(): void {
    this.attempts = 0;
    this.refusals = 0;
    this.hasConnected = true;
    this.clearTimer();
    this.probing?.abort();
    this.probing = undefined;
    this.setProblem(undefined);
    this.setStatus('connected');
    if (this.socketRef) this.events.emit('connect', this.socketRef);
  }

  private handleConnectError(err: Error & { data?: { code?: unknown; message?: unknown } }): void {
    // An attempt already under way when a refusal made us give up: it ends here, not in a retry.
    if (this.statusValue === 'failed') return;
    const code = err.data?.code;
    if (typeof code === 'string' && (PERMANENT_ERROR_CODES as readonly string[]).includes(code)) {
      // The server refused who we are: retrying the same handshake cannot help.
      const message = typeof err.data?.message === 'string' ? err.data.message : err.message;
      this.fail(new ConnectionError(code as ErrorCode, `Connection refused by the chat server: ${message}`));
      return;
    }
    this.events.emit('connect-failed', this.attempts + 1);
    // A page that has never been connected was never reached: not a lost connection.
    if (!this.hasConnected && this.problemValue === undefined) this.setProblem('unreachable');
    this.scheduleRetry();
    this.probe();
  }

  /** Asks, beside the retry already scheduled, whether the failure was this page's origin being refused. */
  private probe(): void {
    const probe = this.config.probe;
    // One in flight already answers for this failure too; aborting it for each quick retry could
    // keep any answer from ever arriving.
    if (!probe || this.probing) return;
    const controller = (this.probing = new AbortController());
    void probe(controller.signal).then((refused) => {
      if (this.probing !== controller) return;
      this.probing = undefined;
      if (!this.socketRef || this.socketRef.connected) return;
      if (refused) this.handleRefusal();
      else {
        this.refusals = 0;
        if (this.problemValue === 'origin_refused') this.setProblem(this.hasConnected ? undefined : 'unreachable');
      }
    });
  }

  private handleRefusal(): void {
    this.refusals++;
    this.setProblem('origin_refused');
    if (this.refusals < REFUSALS_BEFORE_FAILING) return;
    // A retry may already be on its way; it would only be refused again.
    this.socketRef?.disconnect();
    const page = globalThis.location?.origin ?? 'this page';
    const message = `The chat server refuses pages from ${page}: add ${page} to its ALLOWED_ORIGINS (the server option allowedOrigins)`;
    // The shopper is told in their language; the merchant, who can fix it, looks at the console.
    globalThis.console?.error(`AIDiscovery: ${message}. The widget stopped retrying; reconnect() tries again.`);
    this.fail(new ConnectionError('origin_refused', message));
  }

  private handleDisconnect(reason: string): void {
    if (reason === 'io client disconnect') return;
    this.events.emit('disconnect', reason);
    this.scheduleRetry();
  }

  private setProblem(problem: ConnectionProblem | undefined): void {
    if (this.problemValue === problem) return;
    this.problemValue = problem;
    this.events.emit('problem', problem);
  }

  private handleResume(): void {
    if (this.statusValue === 'offline' || this.statusValue === 'reconnecting') {
      this.clearTimer();
      this.attempt();
    }
  }

  private handleOffline(): void {
    // A pending retry would only fail; wait for `online` instead. A live socket is left to notice
    // by itself, because the event also fires on flaky Wi-Fi that recovers within a ping.
    if (this.statusValue === 'reconnecting' || this.statusValue === 'connecting') {
      this.clearTimer();
      this.setStatus('offline');
    }
  }

  private scheduleRetry(): void {
    if (!this.socketRef) return;
    this.clearTimer();
    if (this.backoff.exhausted(this.attempts)) {
      this.fail(new ConnectionError('unavailable', `Could not reach the chat server after ${this.attempts + 1} attempts`));
      return;
    }
    if (!this.config.env.network.isOnline()) {
      this.setStatus('offline');
      return;
    }
    const delay = this.backoff.delay(this.attempts);
    this.attempts++;
    this.setStatus('reconnecting');
    this.timer = this.config.env.timers.setTimeout(() => {
      this.timer = undefined;
      this.attempt();
    }, delay);
  }

  private fail(error: ConnectionError): void {
    this.clearTimer();
    this.setStatus('failed');
    this.events.emit('error', error);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.config.env.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.events.emit('status', status);
  }
}
