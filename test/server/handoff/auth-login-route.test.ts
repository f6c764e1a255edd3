import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOperatorLoginRoute, hashOperatorPassword, operatorAuth, type BucketRule, type OperatorLoginRouteOptions } from '../../../src/server';

const SECRET = 'the-servers-own-operator-secret-0123456789';
const PATH = '/inbox/api/login';

describe('createOperatorLoginRoute', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  /** A real HTTP server on loopback with the route mounted, answering 404 for what it leaves. */
  async function start(extra: Partial<OperatorLoginRouteOptions> = {}, loginRate?: BucketRule) {
    const clock = { now: Date.parse('2026-12-07T09:00:00Z') };
    const passwordHash = await hashOperatorPassword('alice-password', { cost: 4 });
    const auth = operatorAuth({ secret: SECRET, operators: [{ login: 'alice', name: 'Alice', passwordHash }], now: () => clock.now, ...(loginRate ? { loginRate } : {}) });
    const route = createOperatorLoginRoute({ auth, path: PATH, now: () => clock.now, ...extra });
    server = createServer(async (request, response) => {
      if (!(await route(request, response))) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }, path = PATH) =>
      fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { auth, clock, url, post };
  }

  it('answers good credentials with a token the authenticator verifies, never cached', async () => {
    const { auth, clock, post } = await start();
    const response = await post({ login: 'alice', password: 'alice-password' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json() as { token: string; operator: unknown; expiresAt: number };
    expect(body).toMatchObject({ ok: true, operator: { id: 'op:alice', name: 'Alice' }, expiresAt: clock.now + 12 * 3_600_000 });
    expect(await auth.verify(body.token)).toEqual({ id: 'op:alice', name: 'Alice', expiresAt: body.expiresAt });
  });

  it('answers a wrong password and an unknown login with the same 401', async () => {
    const { post } = await start();
    const wrong = await post({ login: 'alice', password: 'guess' });
    const unknown = await post({ login: 'mallory', password: 'guess' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses malformed requests: fields, JSON, content type, size and method', async () => {
    const { post, url } = await start({ maxBodyBytes: 256 });
    const statusOf = async (response: Promise<Response>) => (await response).status;
    expect(await statusOf(post({ login: 'alice' }))).toBe(400);
    expect(await statusOf(post({ login: 42, password: 'x' }))).toBe(400);
    expect(await statusOf(post({ login: '', password: 'x' }))).toBe(400);
    expect(await statusOf(post([]))).toBe(400);
    expect(await statusOf(post('{"login":'))).toBe(400);
    // A plain form post, which any page could make, is not JSON.
    expect(await statusOf(post('login=alice&password=alice-password', { 'content-type': 'application/x-www-form-urlencoded' }))).toBe(415);
    expect(await statusOf(post({ login: 'alice', password: 'x'.repeat(1000) }))).toBe(413);
    const get = await fetch(`${url}${PATH}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    // Other paths are left to the server.
    expect(await statusOf(post({ login: 'alice', password: 'alice-password' }, undefined, '/inbox/api/other'))).toBe(404);
    expect(await statusOf(post({ login: 'alice', password: 'alice-password' }, undefined, `${PATH}?next=/`))).toBe(200);
  });

  it('limits attempts per address with 429 and Retry-After, and refills with time', async () => {
    const { post, clock } = await start({ addressRate: { burst: 3, perSecond: 0.1 } });
    for (const login of ['a', 'b', 'c']) expect((await post({ login, password: 'x' })).status).toBe(401);
    const limited = await post({ login: 'alice', password: 'alice-password' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(await limited.json()).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    clock.now += 10_000;
    expect((await post({ login: 'alice', password: 'alice-password' })).status).toBe(200);
  });

  it('turns the per-login limit into 429 too, whatever the address', async () => {
    const { post } = await start({}, { burst: 2, perSecond: 1 / 60 });
    for (let i = 0; i < 2; i++) expect((await post({ login: 'alice', password: `guess-${i}` })).status).toBe(401);
    const limited = await post({ login: 'alice', password: 'alice-password' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await post({ login: 'bob', password: 'x' })).status).toBe(401);
  });

  it('refuses a bad setup at once', () => {
    const auth = operatorAuth({ storeSecret: SECRET });
    expect(() => createOperatorLoginRoute({ auth, path: 'inbox/login' })).toThrow(/path must start with \//);
    expect(() => createOperatorLoginRoute({ auth: {} as never, path: PATH })).toThrow(/auth must be an OperatorAuthenticator/);
  });
});
