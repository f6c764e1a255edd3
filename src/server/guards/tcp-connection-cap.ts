import type { Server } from 'node:net';
import type { Socket } from 'node:net';
import { IpConnectionLimit } from './ip-connection-limit.js';
import type { ChatLogger } from '../operations/logger.js';

/**
 * Caps open TCP connections per peer address on an http server, counted from the raw `connection`
 * event: before a byte is parsed, so it also holds against clients that open connections and send
 * their headers or bodies slowly (slowloris), which no per-request or per-socket limit ever sees.
 * The connection past the cap is closed at once.
 */
export class TcpConnectionCap {
  private readonly open: IpConnectionLimit;
  /** Addresses at the cap, so a flood is logged once rather than per refused connection. */
  private readonly full = new Set<string>();

  constructor(max: number, private readonly log: ChatLogger) {
    this.open = new IpConnectionLimit(max, false);
  }

  /** Starts counting on `server`; the returned function stops. */
  attach(server: Server): () => void {
    const onConnection = (socket: Socket) => {
      const address = socket.remoteAddress ?? 'unknown';
      if (!this.open.hasRoomFor(address)) {
        socket.destroy();
        this.log({ level: 'debug', event: 'refused', code: 'connection_limit', scope: 'tcp', address });
        if (!this.full.has(address)) {
          this.full.add(address);
          this.log({ level: 'warn', event: 'connection_limit', scope: 'tcp', address });
        }
        return;
      }
      const release = this.open.trackAddress(address);
      socket.once('close', () => {
        release();
        this.full.delete(address);
      });
    };
    // First in line, so the http server never starts parsing a connection over the cap.
    server.prependListener('connection', onConnection);
    return () => server.off('connection', onConnection);
  }
}
