import type { IncomingMessage } from 'node:http';

/**
 * Counts open connections per client address, so one machine cannot hold every socket the server
 * has. Behind a reverse proxy every client shares the proxy's address: `trustProxy` reads the
 * address the proxy appended to `X-Forwarded-For` instead.
 */
export class IpConnectionLimit {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number, private readonly trustProxy: boolean) {}

  addressOf(request: IncomingMessage): string {
    return clientAddress(request, this.trustProxy);
  }

  /** Whether another connection from this request's address would stay within the limit. */
  hasRoom(request: IncomingMessage): boolean {
    return this.hasRoomFor(this.addressOf(request));
  }

  hasRoomFor(address: string): boolean {
    return (this.open.get(address) ?? 0) < this.max;
  }

  /** Counts a connection until the returned function is called (once). */
  track(request: IncomingMessage): () => void {
    return this.trackAddress(this.addressOf(request));
  }

  trackAddress(address: string): () => void {
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left <= 0) this.open.delete(address);
      else this.open.set(address, left);
    };
  }
}

/**
 * The client's address: the TCP peer, or with `trustProxy` the address our reverse proxy appended
 * to `X-Forwarded-For`.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',');
    // The last entry is the one our proxy wrote; earlier ones are whatever the client claimed.
    const last = list[list.length - 1]?.trim();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
