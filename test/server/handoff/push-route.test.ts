import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createPushSubscriptionRoute, generateVapidKeys, MemoryPushSubscriptions, type PushSubscriptionRouteOptions } from '../../../src/server';
import type { OperatorAuthenticator, OperatorSession } from '../../../src/server/handoff/contracts';

const { publicKey } = generateVapidKeys();
const P256DH = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 3)]).toString('base64url');
const AUTH = Buffer.alloc(16, 5).toString('base64url');
const subscription = (endpoint = `https://push.example.net/send/${Math.random()}`) => ({ endpoint, expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } });

/** Two operators, by token; the real authenticator is another part's, behind the same seam. */
const auth: OperatorAuthenticator = {
  async verify(token) {
    const sessions: Record<string, OperatorSession> = {
      'token-ann': { id: 'op:ann', name: 'Ann', expiresAt: Date.now() + 60_000 },
      'token-bob': { id: 'op:bob', name: 'Bob', expiresAt: Date.now() + 60_000 },
    };
    if (token === 'token-broken') throw new Error('session store down');
    return sessions[token] ?? null;
  },
  login: async () => null,
};

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** The route on a real loopback server; other paths fall through to a 404 of the test's own. */
async function serve(patch: Partial<PushSubscriptionRouteOptions> = {}) {
  const subscriptions = new MemoryPushSubscriptions();
  const route = createPushSubscriptionRoute({ path: '/inbox/api/push', auth, subscriptions, publicKey, ...patch });
  server = createServer(async (request, response) => {
    if (!(await route(request, response))) response.writeHead(404, { 'x-fell-through': 'yes' }).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const call = (method: string, body?: unknown, headers: Record<string, string> = {}, path = '/inbox/api/push') =>
    fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { subscriptions, call };
}
const as = (who: string) => ({ authorization: `Bearer token-${who}` });

describe('createPushSubscriptionRoute', () => {
  it('answers the VAPID public key to anyone, and leaves other paths to the chat server', async () => {
    const { call } = await serve();
    const response = await call('GET');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ publicKey });
    const other = await call('GET', undefined, {}, '/inbox/api/pushy');
    expect(other.headers.get('x-fell-through')).toBe('yes');
    expect((await call('GET', undefined, {}, '/inbox/api/push?x=1')).status).toBe(200);
  });

  it('keeps a signed-in operator\'s subscription (201), and refuses without a valid token (401)', async () => {
    const { call, subscriptions } = await serve();
    const sub = subscription();
    expect((await call('POST', sub)).status).toBe(401);
    expect((await call('POST', sub, { authorization: 'Bearer forged' })).status).toBe(401);
    expect((await call('POST', sub, { authorization: 'token-ann' })).status).toBe(401);
    expect(await subscriptions.list('all')).toEqual([]);
    const response = await call('POST', sub, as('ann'));
    expect(response.status).toBe(201);
    expect(await subscriptions.list('all')).toEqual([{ operatorId: 'op:ann', subscription: { endpoint: sub.endpoint, keys: sub.keys } }]);
  });

  it('takes JSON only, within the size limit, and a well-formed subscription on a public https host', async () => {
    const { call, subscriptions } = await serve();
    expect((await call('POST', JSON.stringify(subscription()), { ...as('ann'), 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('POST', { ...subscription(), padding: 'x'.repeat(5000) }, as('ann'))).status).toBe(413);
    expect((await call('POST', '{"endpoint":', as('ann'))).status).toBe(400);
    const refused: [string, unknown][] = [
      ['http endpoint', subscription('http://push.example.net/send/1')],
      ['loopback endpoint', subscription('https://127.0.0.1:8443/send/1')],
      ['private endpoint', subscription('https://10.1.2.3/send/1')],
      ['localhost endpoint', subscription('https://localhost/send/1')],
      ['IPv6 loopback endpoint', subscription('https://[::1]/send/1')],
      ['endpoint with credentials', subscription('https://user:pw@push.example.net/send/1')],
      ['endpoint too long', subscription(`https://push.example.net/${'a'.repeat(1100)}`)],
      ['short p256dh', { ...subscription(), keys: { p256dh: P256DH.slice(0, 60), auth: AUTH } }],
      ['compressed p256dh', { ...subscription(), keys: { p256dh: Buffer.concat([Buffer.from([2]), Buffer.alloc(64, 3)]).toString('base64url'), auth: AUTH } }],
      ['long auth', { ...subscription(), keys: { p256dh: P256DH, auth: Buffer.alloc(32).toString('base64url') } }],
      ['no keys', { endpoint: 'https://push.example.net/send/1' }],
      ['an array', [subscription()]],
    ];
    for (const [what, body] of refused) {
      const response = await call('POST', body, as('ann'));
      expect(response.status, what).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, what).toBe('invalid');
    }
    expect(await subscriptions.list('all')).toEqual([]);
  });

  it('accepts a loopback push service only when told to (a test\'s own)', async () => {
    const { call } = await serve({ allowPrivateHosts: true });
    expect((await call('POST', subscription('https://127.0.0.1:8443/send/1'), as('ann'))).status).toBe(201);
  });

  it('removes an operator\'s own device on DELETE (204), never another operator\'s', async () => {
    const { call, subscriptions } = await serve();
    const [ann, bob] = [subscription(), subscription()];
    await call('POST', ann, as('ann'));
    await call('POST', bob, as('bob'));
    expect((await call('DELETE', { endpoint: bob.endpoint })).status).toBe(401);
    expect((await call('DELETE', { endpoint: bob.endpoint }, as('ann'))).status).toBe(204);
    expect((await call('DELETE', { endpoint: ann.endpoint }, as('ann'))).status).toBe(204);
    expect((await subscriptions.list('all')).map((s) => s.operatorId)).toEqual(['op:bob']);
    expect((await call('DELETE', { nope: 1 }, as('ann'))).status).toBe(400);
  });

  it('answers 405 to other methods and 503 when the authenticator fails, rather than signing the operator out', async () => {
    const { call } = await serve();
    const put = await call('PUT', subscription(), as('ann'));
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST, DELETE');
    const broken = await call('POST', subscription(), as('broken'));
    expect(broken.status).toBe(503);
    expect(broken.headers.get('retry-after')).toBe('5');
  });

  it('says what to pass when misconfigured', () => {
    const subscriptions = new MemoryPushSubscriptions();
    expect(() => createPushSubscriptionRoute({ path: 'inbox/api/push', auth, subscriptions, publicKey })).toThrow(/path must start with "\/"/);
    expect(() => createPushSubscriptionRoute({ path: '/p', auth, subscriptions, publicKey: '' })).toThrow(/pass publicKey/);
    expect(() => createPushSubscriptionRoute({ path: '/p', subscriptions, publicKey } as never)).toThrow(/pass auth/);
  });
});
