import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInboxRoute, inboxCsp, type InboxRouteOptions } from '../../src/server/handoff/inbox-route';

/**
 * createInboxRoute on a real http server on loopback, over a folder laid out as the build writes
 * dist/inbox (manifest.json naming a hashed script and stylesheet), plus a secret beside it that no
 * URL may reach. Requests are sent raw (node:http, not fetch), so `..` and encoded slashes reach
 * the route as written instead of being normalised away by a client.
 */

let dir: string;
let server: Server;
let base: string;
/** What the app behind the route saw: the requests the route left alone. */
let passed: string[];

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'aid-inbox-route-'));
  dir = join(root, 'inbox');
  mkdirSync(dir);
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  writeFileSync(join(dir, 'inbox-AbC123xy.js'), 'console.log("inbox")');
  writeFileSync(join(dir, 'inbox-AbC123xy.js.map'), '{}');
  writeFileSync(join(dir, 'inbox-Zz9_-8aa.css'), 'body{}');
  writeFileSync(join(dir, 'notes.txt'), 'not an asset');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ script: 'inbox-AbC123xy.js', style: 'inbox-Zz9_-8aa.css' }));
});

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

async function serve(options: Partial<InboxRouteOptions> = {}): Promise<void> {
  const route = createInboxRoute({ path: '/inbox', assets: dir, ...options });
  passed = [];
  server = createServer(async (req, res) => {
    if (await route(req, res)) return;
    passed.push(`${req.method} ${req.url}`);
    res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const [host, port] = base.split(':');
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port: Number(port), path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createInboxRoute', () => {
  it('serves the page with the hashed assets, a strict CSP and no inline code', async () => {
    await serve({ socketPath: '/chat/socket.io' });
    const page = await get('/inbox/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ws://${base} wss://${base}; img-src 'self' https: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    );
    expect(page.body).toContain('<script type="module" src="inbox-AbC123xy.js"></script>');
    expect(page.body).toContain('<link rel="stylesheet" href="inbox-Zz9_-8aa.css">');
    expect(page.body).toContain('<meta name="aid-socket-path" content="/chat/socket.io">');
    // No inline script or style the CSP would have to allow.
    expect(page.body).not.toMatch(/<script>|<style|style=/);

    const script = await get('/inbox/inbox-AbC123xy.js');
    expect(script.status).toBe(200);
    expect(script.body).toBe('console.log("inbox")');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/inbox/inbox-Zz9_-8aa.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect(passed).toEqual([]);
  });

  it('answers 304 to a matching ETag, and HEAD without a body', async () => {
    await serve();
    const first = await get('/inbox/inbox-AbC123xy.js');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get('/inbox/inbox-AbC123xy.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const head = await get('/inbox/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await get('/inbox/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('redirects the bare path to the page, and leaves <path>/api/* and other paths to the app', async () => {
    await serve();
    const bare = await get('/inbox?x=1');
    expect(bare.status).toBe(308);
    expect(bare.headers.location).toBe('/inbox/');
    for (const path of ['/inbox/api/login', '/inbox/api', '/inbox/api/push/subscribe', '/', '/inboxes/', '/socket.io/?EIO=4']) {
      expect((await get(path)).status, path).toBe(418);
    }
    expect(passed).toEqual(['GET /inbox/api/login', 'GET /inbox/api', 'GET /inbox/api/push/subscribe', 'GET /', 'GET /inboxes/', 'GET /socket.io/?EIO=4']);
  });

  it('cannot be walked out of its folder, and serves only the built assets (404 for the rest, with the same headers)', async () => {
    await serve();
    const attempts = [
      '/inbox/../secret.txt', '/inbox/..%2fsecret.txt', '/inbox/%2e%2e/secret.txt', '/inbox/..%5csecret.txt', '/inbox//..//secret.txt',
      '/inbox/inbox-AbC123xy.js/../../secret.txt', '/inbox/manifest.json', '/inbox/notes.txt', '/inbox/%69nbox-AbC123xy.js', '/inbox/index.html',
      '/inbox/inbox-AbC123xy.js%00.css', '/inbox/sub/inbox-AbC123xy.js',
    ];
    for (const path of attempts) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('SECRET');
      expect(answer.headers['content-security-policy'], path).toContain("default-src 'none'");
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    }
    expect(passed).toEqual([]);
  });

  it('serves the push service worker under the path when it is built, revalidated rather than cached for good', async () => {
    await serve();
    expect((await get('/inbox/sw.js')).status).toBe(404);
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("push", () => {})');
    // The route reads the folder once: a fresh one sees the worker.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await serve();
    const worker = await get('/inbox/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.body).toContain('push');
    for (const path of ['/inbox/sw.js.map', '/inbox/SW.js', '/inbox/sub/sw.js']) expect((await get(path)).status, path).toBe(404);
  });

  it('says how to build the page when it is missing, and serves it once built', async () => {
    rmSync(join(dir, 'manifest.json'));
    await serve();
    const missing = await get('/inbox/');
    expect(missing.status).toBe(503);
    expect(missing.body).toContain('npm run build');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ script: 'inbox-AbC123xy.js', style: 'inbox-Zz9_-8aa.css' }));
    expect((await get('/inbox/')).status).toBe(200);
  });

  it('refuses a path that is not an absolute URL path, at once', () => {
    for (const path of ['inbox', '', '/', '/in box', '/a/../b', 'https://x/inbox']) {
      expect(() => createInboxRoute({ path }), path).toThrow(/path must be an absolute URL path/);
    }
    expect(() => createInboxRoute({ path: '/staff/inbox/' })).not.toThrow();
  });

  it('names the socket host in connect-src only when the Host header is a plain host', () => {
    expect(inboxCsp('shop.example:8443')).toContain("connect-src 'self' ws://shop.example:8443 wss://shop.example:8443;");
    expect(inboxCsp('[::1]:3000')).toContain('ws://[::1]:3000');
    for (const host of ['evil; script-src *', 'a b', undefined, '']) expect(inboxCsp(host)).toContain("connect-src 'self'; img-src");
  });
});
