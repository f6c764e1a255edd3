import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HandshakeAuth } from '../../src/protocol';
import { hmacIdentityVerifier, shopifyAppProxyVerifier, signIdentity, type ChatServerOptions } from '../../src/server';
import { Recorder, client, connected, fixed, message, rejected, startServer, uniqueId, serverHarness } from './helpers';

const SECRET = 'a-store-secret-that-is-long-enough-0123456789';

describe('authentication', () => {
  const h = serverHarness();

  async function setup(options: ChatServerOptions) {
    h.t = await startServer({ respond: fixed('for your eyes only'), ...options });
  }

  const open = (sessionId: string, token?: string) => {
    const socket = client(h.t!.url, token === undefined ? { sessionId, client: 'test' } : { sessionId, client: 'test', token });
    h.sockets.push(socket);
    return socket;
  };

  const postSync = (sessionId: string, token?: string) => fetch(`${h.t!.url}/api/chat/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ sessionId, afterSeq: 0 }),
  });

  describe('hmacIdentityVerifier', () => {
    it('admits a valid identity and refuses forged, expired, future, malformed and missing ones', async () => {
      await setup({ auth: hmacIdentityVerifier({ secret: SECRET, maxAgeMs: 60_000 }) });
      const now = Date.now();
      await connected(open(uniqueId('s'), signIdentity(SECRET, 'cust.42', now)));

      const valid = signIdentity(SECRET, 'cust-42', now);
      const [id, ts, sig] = valid.split('.') as [string, string, string];
      const refused = [
        ['forged signature', `${id}.${ts}.${sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}`],
        ['another customer', `cust-43.${ts}.${sig}`],
        ['wrong secret', signIdentity('some-other-secret-that-is-also-long-enough', 'cust-42', now)],
        ['expired', signIdentity(SECRET, 'cust-42', now - 120_000)],
        ['from the future', signIdentity(SECRET, 'cust-42', now + 3_600_000)],
        ['malformed', 'cust-42'],
        ['short signature', `${id}.${ts}.abcd`],
        ['missing', undefined],
      ] as const;
      for (const [name, token] of refused) {
        const error = await rejected(open(uniqueId('s'), token));
        expect({ name, code: error.data?.code }).toEqual({ name, code: 'unauthorized' });
      }
    });

    it('lets anonymous visitors in when allowAnonymous is set', async () => {
      await setup({ auth: hmacIdentityVerifier({ secret: SECRET, allowAnonymous: true }) });
      await connected(open(uniqueId('s')));
      await rejected(open(uniqueId('s'), 'garbage'));
    });

    it('binds a session to its identity: a second identity cannot sync it, over Socket.IO or HTTP', async () => {
      await setup({ auth: hmacIdentityVerifier({ secret: SECRET, allowAnonymous: true }) });
      const alice = signIdentity(SECRET, 'alice');
      const mallory = signIdentity(SECRET, 'mallory');
      const sessionId = uniqueId('s');

      const first = open(sessionId, alice);
      await connected(first);
      const recorder = new Recorder(first);
      const m = message(sessionId, 'my size is 42');
      await first.emitWithAck('chat-message', m);
      await recorder.responseTo(m.id);

      expect((await rejected(open(sessionId, mallory))).data?.code).toBe('unauthorized');
      expect((await rejected(open(sessionId))).data?.code).toBe('unauthorized');
      expect((await postSync(sessionId, mallory)).status).toBe(401);
      expect((await postSync(sessionId)).status).toBe(401);
      const post = await fetch(`${h.t!.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${mallory}` }, body: JSON.stringify(message(sessionId, 'hi')) });
      expect(post.status).toBe(401);

      // Alice, in another tab or after a reload, still gets her history.
      const again = open(sessionId, alice);
      await connected(again);
      const sync = await again.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
      expect(sync).toMatchObject({ ok: true, responses: [{ replyTo: m.id, response: 'for your eyes only' }] });
      const http = await postSync(sessionId, alice);
      expect(await http.json()).toMatchObject({ ok: true, responses: [{ replyTo: m.id }] });

      // Mallory's own session is hers alone.
      const malloryOwn = uniqueId('s');
      await connected(open(malloryOwn, mallory));
      await rejected(open(malloryOwn, alice));
    });

    it('keeps anonymous sessions open to their holder, and a login takes the session over', async () => {
      await setup({ auth: hmacIdentityVerifier({ secret: SECRET, allowAnonymous: true }) });
      const sessionId = uniqueId('s');
      await connected(open(sessionId));
      await connected(open(sessionId));
      await connected(open(sessionId, signIdentity(SECRET, 'bob')));
      await rejected(open(sessionId));
    });

    it('refuses weak secrets at once', () => {
      expect(() => hmacIdentityVerifier({ secret: 'short' })).toThrow(/32 characters/);
    });
  });

  describe('shopifyAppProxyVerifier', () => {
    /** A query string as Shopify's app proxy forwards it, signed with `secret`. */
    function proxied(params: [string, string][], secret = SECRET): string {
      const grouped = new Map<string, string[]>();
      for (const [k, v] of params) grouped.set(k, [...(grouped.get(k) ?? []), v]);
      const signed = [...grouped].map(([k, v]) => `${k}=${v.join(',')}`).sort().join('');
      const signature = createHmac('sha256', secret).update(signed).digest('hex');
      return new URLSearchParams([...params, ['signature', signature]]).toString();
    }
    const request = (query: string) => ({ url: `/api/chat/sync?${query}`, headers: {} }) as unknown as IncomingMessage;
    const auth: HandshakeAuth = { sessionId: 's1', client: 'test' };

    it("accepts Shopify's documented example and refuses it once altered", () => {
      const verify = shopifyAppProxyVerifier({ secret: 'hush', now: () => 1317327555_000 });
      const documented = 'extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3';
      expect(verify(auth, request(documented))).toBe(true);
      expect(verify(auth, request(documented.replace('extra=2', 'extra=3')))).toBe(false);
      expect(verify(auth, request(documented.replace('shop-name', 'other-shop')))).toBe(false);
      expect(shopifyAppProxyVerifier({ secret: 'hush', now: () => 1317327555_000 + 600_000 })(auth, request(documented))).toBe(false);
    });

    it('refuses validly signed requests that repeat a reserved parameter or bend the timestamp', () => {
      const nowMs = 1_800_000_000_000;
      const verify = shopifyAppProxyVerifier({ secret: SECRET, now: () => nowMs });
      const ts = String(nowMs / 1000);
      const base: [string, string][] = [['shop', 'demo.myshopify.com'], ['path_prefix', '/apps/chat'], ['timestamp', ts]];
      const single = proxied([...base, ['logged_in_customer_id', '123']]);
      expect(verify(auth, request(single))).toEqual({ identity: 'shopify:demo.myshopify.com:123' });
      // Other repeated keys are Shopify's to sign (joined by commas) and stay accepted.
      expect(verify(auth, request(proxied([...base, ['logged_in_customer_id', '123'], ['extra', '1'], ['extra', '2']])))).toEqual({ identity: 'shopify:demo.myshopify.com:123' });

      const refused: [string, string][] = [
        ['customer twice', proxied([['logged_in_customer_id', '999'], ...base, ['logged_in_customer_id', '123']])],
        ['shop twice, the forged one first', proxied([['shop', 'evil.myshopify.com'], ...base, ['logged_in_customer_id', '123']])],
        ['path_prefix twice', proxied([...base, ['path_prefix', '/apps/other'], ['logged_in_customer_id', '123']])],
        ['timestamp twice', proxied([...base, ['timestamp', String(nowMs / 1000 - 86_400)], ['logged_in_customer_id', '123']])],
        ['signature twice', `${single}&signature=${new URLSearchParams(single).get('signature')}`],
        ['timestamp with spaces', proxied([['shop', 'demo.myshopify.com'], ['path_prefix', '/apps/chat'], ['timestamp', ` ${ts} `], ['logged_in_customer_id', '123']])],
        ['timestamp in exponent form', proxied([['shop', 'demo.myshopify.com'], ['path_prefix', '/apps/chat'], ['timestamp', '1.8e9'], ['logged_in_customer_id', '123']])],
        ['timestamp with a fraction', proxied([['shop', 'demo.myshopify.com'], ['path_prefix', '/apps/chat'], ['timestamp', `${ts}.0`], ['logged_in_customer_id', '123']])],
        ['hexadecimal timestamp', proxied([['shop', 'demo.myshopify.com'], ['path_prefix', '/apps/chat'], ['timestamp', '0x6B49D200'], ['logged_in_customer_id', '123']])],
      ];
      expect(refused.map(([name, query]) => [name, verify(auth, request(query))])).toEqual(refused.map(([name]) => [name, false]));
    });

    it('binds logged-in customers to their sessions over the HTTP API, and refuses unsigned or forged requests', async () => {
      await setup({ auth: shopifyAppProxyVerifier({ secret: SECRET }) });
      const ts = String(Math.floor(Date.now() / 1000));
      const base: [string, string][] = [['shop', 'demo.myshopify.com'], ['path_prefix', '/apps/chat'], ['timestamp', ts]];
      const customer = (id: string) => proxied([...base, ['logged_in_customer_id', id]]);
      const sessionId = uniqueId('s');
      const send = (query: string, body: unknown, path = '/api/chat') => fetch(`${h.t!.url}${path}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      const answer = await send(customer('7'), message(sessionId, 'hello'));
      expect(answer.status).toBe(200);
      expect((await send(customer('7'), { sessionId, afterSeq: 0 }, '/api/chat/sync')).status).toBe(200);
      expect((await send(customer('8'), { sessionId, afterSeq: 0 }, '/api/chat/sync')).status).toBe(401);
      expect((await send(proxied([...base, ['logged_in_customer_id', '']]), { sessionId, afterSeq: 0 }, '/api/chat/sync')).status).toBe(401);
      expect((await send(proxied([...base, ['logged_in_customer_id', '7']], 'wrong-secret'), { sessionId, afterSeq: 0 }, '/api/chat/sync')).status).toBe(401);
      expect((await send('shop=demo.myshopify.com', { sessionId, afterSeq: 0 }, '/api/chat/sync')).status).toBe(401);
      // A logged-out shopper through the proxy is anonymous, with a session of their own.
      expect((await send(proxied([...base, ['logged_in_customer_id', '']]), message(uniqueId('s'), 'hi'))).status).toBe(200);
    });
  });
});
