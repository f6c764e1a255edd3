import type { RequestListener, ServerResponse } from 'node:http';
import type { HttpRequestLimit } from '../guards/http-rate-limit.js';

export interface OpsEndpointsDeps {
  /** Paths, each `false` when turned off. */
  healthPath: string | false;
  readyPath: string | false;
  metricsPath: string | false;
  /** Resolves true when the server can take work: listening, not closing, the store answering. */
  isReady: () => Promise<boolean>;
  metrics: () => string;
  /** `/readyz` and `/metrics` per client address (a readiness check reads the store); undefined when rate limits are off. */
  perIp: HttpRequestLimit | undefined;
}

/**
 * `/healthz` (the process is alive), `/readyz` (send it traffic) and `/metrics` (Prometheus), on the
 * server's own http server. Like the HTTP API it answers only its paths and passes every other
 * request on, so it can sit in front of a store's application.
 */
export class OpsEndpoints {
  constructor(private readonly deps: OpsEndpointsDeps) {}

  listener(next: RequestListener): RequestListener {
    const { healthPath, readyPath, metricsPath } = this.deps;
    return (request, response) => {
      const pathname = (request.url ?? '').split('?')[0];
      const mine = pathname === healthPath || pathname === readyPath || pathname === metricsPath;
      if (!mine) {
        next(request, response);
        return;
      }
      request.resume();
      const taken = pathname === healthPath ? { ok: true as const } : this.deps.perIp?.take(request, pathname) ?? { ok: true as const };
      if (!taken.ok) {
        send(response, 429, 'rate limited\n', { 'retry-after': String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))) });
      } else if (request.method !== 'GET' && request.method !== 'HEAD') {
        send(response, 405, 'use GET\n', { allow: 'GET, HEAD' });
      } else if (pathname === healthPath) {
        send(response, 200, 'ok\n');
      } else if (pathname === metricsPath) {
        send(response, 200, this.deps.metrics(), { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      } else {
        this.deps.isReady().then(
          (ready) => send(response, ready ? 200 : 503, ready ? 'ready\n' : 'not ready\n'),
          () => send(response, 503, 'not ready\n'),
        );
      }
    };
  }
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
