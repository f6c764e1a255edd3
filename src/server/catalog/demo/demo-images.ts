import { readFile } from 'node:fs/promises';
import type { RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DEMO_IMAGES_DIR, DEMO_IMAGES_PATH } from './demo-catalog.js';

/** Only plain file names: nothing can climb out of the images folder. */
const NAME = /^[a-z0-9][a-z0-9-]{0,60}\.svg$/;

/**
 * Serves the demo catalog's images at `DEMO_IMAGES_PATH` on the chat server's own http server, so
 * cards resolved against the chat server's public origin show pictures on any store's origin.
 * Answers only its paths and passes every other request on.
 */
export class DemoImages {
  listener(next: RequestListener): RequestListener {
    return (request, response) => {
      const pathname = (request.url ?? '').split('?')[0] ?? '';
      if (!pathname.startsWith(DEMO_IMAGES_PATH)) {
        next(request, response);
        return;
      }
      request.resume();
      const name = pathname.slice(DEMO_IMAGES_PATH.length);
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'use GET\n', { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      if (!NAME.test(name)) return send(response, 404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' });
      readFile(join(DEMO_IMAGES_DIR, name)).then(
        (svg) => send(response, 200, svg, {
          'content-type': 'image/svg+xml',
          'cache-control': 'public, max-age=86400',
          // An SVG opened on its own must not run anything.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'x-content-type-options': 'nosniff',
          'cross-origin-resource-policy': 'cross-origin',
        }),
        () => send(response, 404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' }),
      );
    };
  }
}

function send(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
