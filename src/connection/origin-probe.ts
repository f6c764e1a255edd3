/**
 * Asks the chat server whether it refuses this page's origin. A browser cannot read why a
 * WebSocket upgrade failed, so after a failed attempt the widget makes one plain GET to the
 * Socket.IO path: the reference server answers a refused origin `403` with
 * `{ code: 'origin_refused' }` (and CORS headers so this page may read it); an allowed page gets a
 * cheap `400` (no transport named, so no engine session is opened); an unreachable server, nothing.
 * Resolves true only for that refusal; every other outcome, errors included, is false.
 */
export type OriginProbe = (signal: AbortSignal) => Promise<boolean>;

export function originProbe(fetchFn: typeof fetch, url: string | undefined, path: string, base: string | undefined): OriginProbe | undefined {
  let target: string;
  try {
    // An absolute path against the server's URL: its origin plus the Socket.IO path.
    target = new URL(`${path.replace(/\/$/, '')}/`, url ?? base).href;
  } catch {
    return undefined;
  }
  return async (signal) => {
    try {
      const response = await fetchFn(target, { signal, credentials: 'omit', cache: 'no-store' });
      if (response.status !== 403) return false;
      const body: unknown = await response.json();
      return typeof body === 'object' && body !== null && (body as { code?: unknown }).code === 'origin_refused';
    } catch {
      return false;
    }
  };
}
