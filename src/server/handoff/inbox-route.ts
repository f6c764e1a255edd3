import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InboxRoute } from './contracts.js';

export interface InboxRouteOptions {
  /** Where the inbox page lives, such as '/inbox'; it answers `<path>/` and its own assets below it. */
  path: string;
  /**
   * The built page (`npm run build` writes it): a folder holding `manifest.json` and the files it
   * names. @default dist/inbox beside the server's bundle (or the project's dist/inbox from source)
   */
  assets?: string;
  /** The chat server's Socket.IO path, which the page connects to. @default '/socket.io' */
  socketPath?: string;
  /** The page's title, before the unread count. @default 'Inbox' */
  title?: string;
  /** The server pushes (`<path>/api/push` answers): the page subscribes when alerts are turned on. @default false */
  push?: boolean;
}

/** Misuse of `createInboxRoute`, thrown at once. */
export class InboxRouteError extends Error {
  override readonly name = 'InboxRouteError';
  readonly code = 'invalid_option';
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** Hashed names never change content, so browsers may keep them for good. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const HASHED = /^inbox-[A-Za-z0-9_-]{6,}\.(js|css|js\.map|css\.map)$/;
/**
 * The Web Push service worker, when built beside the page (dist/inbox/sw.js). It is served from
 * `<path>/` so its scope can be the inbox, under a fixed name (a worker is found again by its URL),
 * so it is revalidated rather than cached for good.
 */
const SERVICE_WORKER = 'sw.js';
const PATH_RULE = /^\/[A-Za-z0-9._~/-]*$/;
/** What a Host header may hold before it goes into the CSP (anything else could add directives). */
const HOST_RULE = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * No inline script or style at all (the page is one module and one stylesheet from its own path),
 * sockets only to this host, images from anywhere secure (product photos live on store CDNs), and
 * no framing. `'self'` covers ws: and wss: in current browsers; the host is named for the others.
 */
export function inboxCsp(host: string | undefined): string {
  const sockets = host && HOST_RULE.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${sockets}`,
    "img-src 'self' https: data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function defaultAssets(): string {
  // From the bundled server (dist/server/index.js) and from source (src/server/handoff/).
  const candidates = [new URL('../inbox/', import.meta.url), new URL('../../../dist/inbox/', import.meta.url)].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(join(dir, 'manifest.json'))) ?? candidates[0]!;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Serves the operator inbox under `path`: the page, the script and stylesheet the build wrote and
 * the push service worker (`<path>/sw.js`) if it was built, read once on first use. Files are looked up by exact name among those the build listed, never by
 * joining the URL onto a folder, so no URL can reach another file. `<path>/api/…` (sign-in, push)
 * belongs to other routes: this one returns false for it, and for anything outside `path`.
 *
 * @example
 * const inbox = createInboxRoute({ path: '/inbox' });
 * http.createServer(async (req, res) => { if (!(await inbox(req, res))) next(req, res); });
 */
export function createInboxRoute(options: InboxRouteOptions): InboxRoute {
  const base = options.path.replace(/\/+$/, '');
  if (!PATH_RULE.test(options.path) || base === '' || base.split('/').some((s) => s === '.' || s === '..')) {
    throw new InboxRouteError(`createInboxRoute: path must be an absolute URL path such as '/inbox' (got ${JSON.stringify(options.path)})`);
  }
  const socketPath = options.socketPath ?? '/socket.io';
  const title = options.title ?? 'Inbox';
  let loading: Promise<{ html: Asset; files: Map<string, Asset> } | Error> | undefined;

  const load = async () => {
    const dir = options.assets ?? defaultAssets();
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { script?: unknown; style?: unknown };
      const { script, style } = manifest;
      if (typeof script !== 'string' || typeof style !== 'string' || !HASHED.test(script) || !HASHED.test(style)) throw new Error('manifest.json does not name the script and stylesheet');
      const files = new Map<string, Asset>();
      for (const name of await readdir(dir)) {
        const type = TYPES[name.slice(name.indexOf('.'))] ?? TYPES[name.slice(name.lastIndexOf('.'))];
        const worker = name === SERVICE_WORKER;
        if (!type || !(worker || HASHED.test(name))) continue;
        const body = await readFile(join(dir, name));
        files.set(name, { body, type, etag: etagOf(body), immutable: !worker });
      }
      const page = [
        '<!doctype html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        `<meta name="aid-socket-path" content="${escapeHtml(socketPath)}">`,
        ...(options.push === true ? ['<meta name="aid-push" content="on">'] : []),
        `<title>${escapeHtml(title)}</title>`,
        // No favicon request: the chat server has none to give.
        '<link rel="icon" href="data:,">',
        `<link rel="stylesheet" href="${escapeHtml(style)}">`,
        `<script type="module" src="${escapeHtml(script)}"></script>`,
        '</head>',
        '<body><div id="inbox"></div></body>',
        '</html>',
        '',
      ].join('\n');
      const body = Buffer.from(page);
      return { html: { body, type: 'text/html; charset=utf-8', etag: etagOf(body), immutable: false }, files };
    } catch (error) {
      return new Error(`the inbox page is not built in ${dir} (run npm run build): ${(error as Error).message}`);
    }
  };

  return async (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const pathname = url.split('?')[0]!;
    if (pathname !== base && !pathname.startsWith(`${base}/`)) return false;
    const rest = pathname.slice(base.length + 1);
    if (rest === 'api' || rest.startsWith('api/')) return false;

    const headers: Record<string, string> = {
      'Content-Security-Policy': inboxCsp(request.headers.host),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const send = (status: number, extra: Record<string, string>, body?: Buffer | string) => {
      response.writeHead(status, { ...headers, ...extra });
      response.end(request.method === 'HEAD' ? undefined : body);
      return true;
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed\n');
    // The page's relative asset names resolve against `<path>/`.
    if (pathname === base) return send(308, { Location: `${base}/`, 'Content-Type': 'text/plain; charset=utf-8' }, `${base}/\n`);

    loading ??= load();
    const loaded = await loading;
    // Not built yet: try again on the next request rather than until a restart.
    if (loaded instanceof Error) loading = undefined;
    if (loaded instanceof Error) return send(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, `${loaded.message}\n`);
    const asset = rest === '' ? loaded.html : loaded.files.get(rest);
    if (!asset) return send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
    const cache = asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (request.headers['if-none-match'] === asset.etag) return send(304, { ETag: asset.etag, 'Cache-Control': cache });
    return send(200, { 'Content-Type': asset.type, 'Content-Length': String(asset.body.length), ETag: asset.etag, 'Cache-Control': cache }, asset.body);
  };
}
