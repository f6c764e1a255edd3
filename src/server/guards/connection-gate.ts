import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { takeOverRequests, takeOverUpgrades } from '../transports/http-attach.js';
import { IpConnectionLimit, clientAddress } from './ip-connection-limit.js';
import type { ChatLogger } from '../operations/logger.js';
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
      this.refuse(request);
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

  /**
   * Answers requests and WebSocket upgrades to the Socket.IO `path` from refused origins before
   * engine.io sees them: `403` with `{ code: 'origin_refused', message }`, where engine.io would
   * answer an upgrade `400` and a poll without CORS headers. The refusal carries
   * `Access-Control-Allow-Origin` for the refused page so its widget can read why it cannot
   * connect and tell the merchant (it reveals nothing but the refusal itself). Call it after
   * engine.io attached, so this runs first.
   */
  guard(server: HttpServer, path: string): void {
    const prefix = `${path.replace(/\/$/, '')}/`;
    const refused = (request: IncomingMessage) => (request.url ?? '').startsWith(prefix) && !this.origins.allows(request) && (this.refuse(request), true);
    takeOverRequests(server, (next) => (request, response) => {
      if (!refused(request)) return next(request, response);
      const body = refusalBody(request);
      response.writeHead(403, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        'access-control-allow-origin': request.headers.origin,
        vary: 'Origin',
      });
      response.end(body);
    });
    takeOverUpgrades(server, (next) => (request, socket, head) => {
      if (!refused(request)) return next(request, socket, head);
      const body = refusalBody(request);
      socket.on('error', () => {});
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

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

  private refuse(request: IncomingMessage): void {
    this.log({ level: 'warn', event: 'origin_refused', origin: request.headers.origin, address: this.addressOf(request) });
  }
}

/** The refusal's body: what the widget reads, and what a developer looking at the network sees. */
function refusalBody(request: IncomingMessage): string {
  return JSON.stringify({
    code: 'origin_refused',
    message: `origin ${request.headers.origin ?? ''} is not allowed: add it to the chat server's ALLOWED_ORIGINS (allowedOrigins)`,
  });
}
