import type { IncomingMessage } from 'node:http';
import { IpConnectionLimit, clientAddress } from './ip-connection-limit.js';
import type { ChatLogger } from './logger.js';
import type { OriginPolicy } from './origin-policy.js';

/** The part of an engine.io server the gate watches: new connections and their closing. */
interface Engine {
  on(event: 'connection', listener: (socket: { request: IncomingMessage; once(event: 'close', listener: () => void): unknown }) => void): unknown;
}

/**
 * Refuses transport handshakes before any Socket.IO work is done: from pages whose origin is not
 * allowed, and from addresses that already hold their share of connections. It runs as engine.io's
 * `allowRequest`, so a refused client never gets a session id, and counts live connections from
 * the engine's own `connection` and `close` events.
 */
export class ConnectionGate {
  private readonly perIp: IpConnectionLimit | undefined;

  constructor(
    private readonly origins: OriginPolicy,
    maxPerIp: number | false,
    private readonly trustProxy: boolean,
    private readonly log: ChatLogger,
    private readonly isClosed: () => boolean,
  ) {
    this.perIp = maxPerIp === false ? undefined : new IpConnectionLimit(maxPerIp, trustProxy);
  }

  /** engine.io's `allowRequest`: the callback's first argument is the refusal's message. */
  readonly allowRequest = (request: IncomingMessage, callback: (error: string | null | undefined, allow: boolean) => void): void => {
    // A closing server sends newcomers elsewhere; they retry, and the balancer has stopped routing here.
    if (this.isClosed()) {
      callback('the server is shutting down', false);
      return;
    }
    if (!this.origins.allows(request)) {
      this.log({ level: 'warn', event: 'origin_refused', origin: request.headers.origin, address: this.addressOf(request) });
      callback('origin not allowed', false);
      return;
    }
    if (this.perIp && !this.perIp.hasRoom(request)) {
      this.log({ level: 'warn', event: 'connection_limit', address: this.addressOf(request) });
      callback('too many connections from this address', false);
      return;
    }
    callback(null, true);
  };

  attach(engine: Engine): void {
    const perIp = this.perIp;
    if (!perIp) return;
    engine.on('connection', (socket) => {
      socket.once('close', perIp.track(socket.request));
    });
  }

  addressOf(request: IncomingMessage): string {
    return clientAddress(request, this.trustProxy);
  }
}
