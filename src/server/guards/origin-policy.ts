import type { IncomingMessage } from 'node:http';

/**
 * Decides which pages may talk to the server, by the `Origin` header browsers send with every
 * WebSocket handshake and cross-origin request. A request without `Origin` is not from a page
 * (a server, curl, a native app) and is let through: the origin check protects shoppers' browsers
 * from other sites, it cannot authenticate anyone; that is the `auth` hook's job.
 */
export class OriginPolicy {
  private readonly listed: Set<string>;

  /**
   * @param allowed origins such as `https://shop.example`, or `'*'` for any
   * @param sameOrigin whether a page served by this same host may connect without being listed
   */
  constructor(private readonly allowed: readonly string[] | '*', private readonly sameOrigin: boolean) {
    this.listed = new Set(allowed === '*' ? [] : allowed.map(normalise));
  }

  allows(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (this.allowed === '*') return true;
    const normalised = normalise(origin);
    if (this.listed.has(normalised)) return true;
    return this.sameOrigin && isSameOrigin(normalised, request.headers.host);
  }
}

/** Lower-case scheme and host, no trailing slash, default ports dropped: how URL writes an origin. */
export function normalise(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? origin : url.origin;
  } catch {
    // `null` (sandboxed frames, file:) and garbage stay as they are and match only themselves.
    return origin;
  }
}

/** Whether the page's origin names the host the request came to (behind a proxy, the Host it forwards). */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
