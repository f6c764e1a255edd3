import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseChatResponse, type ChatResponse } from '../../src/protocol';
import { MemorySessionStore, createChatServer, type ChatServerOptions, type Responder } from '../../src/server';
import { waitFor } from '../support/wait';
import { Recorder, connectedClient, fixed, gate, message, startServer, uniqueId, serverHarness } from './helpers';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('HTTP fallback', () => {
  const h = serverHarness();

  async function setup(options: ChatServerOptions = {}) {
    h.t = await startServer(options);
    return { api: `${h.t.url}/api/chat`, sync: `${h.t.url}/api/chat/sync`, sessionId: uniqueId('s') };
  }

  function counting(): { respond: Responder; calls: string[] } {
    const calls: string[] = [];
    const respond: Responder = async function* (m) {
      calls.push(m.id);
      yield `re: ${m.text}`;
    };
    return { respond, calls };
  }

  it('holds a conversation over plain POSTs: answers, seq, idempotent retries and sync', async () => {
    const { respond, calls } = counting();
    const { api, sync, sessionId } = await setup({ respond });
    const first = message(sessionId, 'one');
    const a = await post(api, first);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(a.body).toMatchObject({ success: true, seq: 1, replyTo: first.id, sessionId, response: 're: one' });
    expect(parseChatResponse(a.body).ok).toBe(true);

    const second = message(sessionId, 'two');
    expect((await post(api, second)).body).toMatchObject({ seq: 2, replyTo: second.id, response: 're: two' });

    // A retry (say, the first answer was lost on the way back) gets the same response, not a new one.
    const retried = await post(api, { ...first, text: 'one, again' });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(a.body);
    expect(calls).toEqual([first.id, second.id]);

    const all = await post(sync, { sessionId, afterSeq: 0 });
    expect(all.status).toBe(200);
    expect(all.body.ok).toBe(true);
    expect(all.body.responses.map((r: ChatResponse) => [r.seq, r.replyTo])).toEqual([[1, first.id], [2, second.id]]);
    expect((await post(sync, { sessionId, afterSeq: 1 })).body.responses.map((r: ChatResponse) => r.seq)).toEqual([2]);
  });

  it('answers a retry that arrives while the first attempt is still being answered with that same answer', async () => {
    const hold = gate();
    let calls = 0;
    const respond: Responder = async function* () {
      calls += 1;
      await hold.promise;
      yield 'worth the wait';
    };
    const { api, sessionId } = await setup({ respond });
    const m = message(sessionId, 'slow one');
    const original = post(api, m);
    const retry = post(api, m);
    hold.open();
    const [x, y] = await Promise.all([original, retry]);
    expect(x.status).toBe(200);
    expect(y.body).toEqual(x.body);
    expect(calls).toBe(1);
  });

  it('sends h.sockets of the session the answer to an HTTP message live, once', async () => {
    const { api, sessionId } = await setup({ respond: fixed('to ', 'everyone') });
    const socket = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(socket);
    const recorder = new Recorder(socket);
    const m = message(sessionId, 'from http');
    const reply = await post(api, m);
    const live = await recorder.responseTo(m.id);
    expect(live).toEqual(reply.body);
    expect(recorder.chunks.map((c) => c.delta)).toEqual(['to ', 'everyone']);
    // A socket retry of the same id is a duplicate too: one idempotency key whatever the transport.
    expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id, duplicate: true });
  });

  it('refuses bad requests with the socket path codes and fitting statuses', async () => {
    const { api, sync, sessionId } = await setup({ limits: { maxTextLength: 10 } });
    const m = message(sessionId, 'ok');
    expect(await post(api, '{"id": ')).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid' } } });
    expect(await post(api, { ...m, text: 42 })).toMatchObject({ status: 400, body: { ok: false, id: m.id, error: { code: 'invalid' } } });
    expect(await post(api, { ...m, sessionId: 'has spaces' })).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(await post(api, [m])).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(await post(api, { ...m, text: 'far longer than ten' })).toMatchObject({ status: 413, body: { id: m.id, error: { code: 'too_large' } } });
    const huge = JSON.stringify({ ...m, text: 'x'.repeat(300_000) });
    expect(await post(api, huge)).toMatchObject({ status: 413, body: { ok: false, error: { code: 'too_large' } } });
    const plain = await call(api, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(m) });
    expect(plain).toMatchObject({ status: 415, body: { error: { code: 'invalid' } } });
    const get = await call(api);
    expect(get).toMatchObject({ status: 405, body: { error: { code: 'invalid' } } });
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await post(sync, { sessionId, afterSeq: -1 })).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid' } } });
    // None of it was taken as a message.
    expect((await post(api, m)).body).toMatchObject({ success: true, seq: 1 });
  });

  it('asks the auth hook with the session, the bearer token and the client header', async () => {
    const seen: unknown[] = [];
    const { api, sync, sessionId } = await setup({
      respond: fixed('secret'),
      auth: (auth, request) => {
        seen.push({ ...auth, path: request.url });
        return auth.token === 'good';
      },
    });
    const m = message(sessionId, 'hi');
    expect(await post(api, m)).toMatchObject({ status: 401, body: { ok: false, id: m.id, error: { code: 'unauthorized' } } });
    expect(await post(api, m, { authorization: 'Bearer bad' })).toMatchObject({ status: 401 });
    expect(await post(sync, { sessionId, afterSeq: 0 }, { authorization: 'Basic Z29vZA==' })).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    const ok = await post(api, m, { authorization: 'Bearer good', 'x-ai-discovery-client': 'widget/1.0 http' });
    expect(ok).toMatchObject({ status: 200, body: { success: true, response: 'secret' } });
    expect((await post(sync, { sessionId, afterSeq: 0 }, { authorization: 'bearer good' })).body.responses).toHaveLength(1);
    expect(seen[0]).toEqual({ sessionId, client: 'http', path: '/api/chat' });
    expect(seen[1]).toEqual({ sessionId, client: 'http', token: 'bad', path: '/api/chat' });
    expect(seen[3]).toEqual({ sessionId, client: 'widget/1.0 http', token: 'good', path: '/api/chat' });
  });

  it('answers CORS preflights and adds CORS headers from the cors option only', async () => {
    const { api, sessionId } = await setup({ cors: { origin: ['https://shop.example'] }, respond: fixed('hi') });
    const preflight = await call(api, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const reply = await post(api, message(sessionId, 'hi'), { origin: 'https://shop.example' });
    expect(reply.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(reply.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const stranger = await call(api, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(stranger.headers.get('access-control-allow-methods')).toBeNull();
    await h.t!.server.close();

    const { api: plain } = await setup();
    const none = await call(plain, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(none.status).toBe(204);
    expect([...none.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });

  it('says rate_limited with Retry-After when the session has too much waiting', async () => {
    const hold = gate();
    const respond: Responder = async function* () {
      await hold.promise;
      yield 'done';
    };
    const { api, sessionId } = await setup({ respond, maxPendingPerSession: 1 });
    const socket = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(socket);
    const recorder = new Recorder(socket);
    const first = message(sessionId, 'first');
    expect(await socket.emitWithAck('chat-message', first)).toEqual({ ok: true, id: first.id });
    const second = message(sessionId, 'second');
    const refused = await post(api, second);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.body).toMatchObject({ ok: false, id: second.id, error: { code: 'rate_limited', retryAfterMs: 2000 } });
    hold.open();
    await recorder.responseTo(first.id);
    // Refused before its id was remembered: the same id goes through once there is room.
    expect((await post(api, second)).body).toMatchObject({ success: true, replyTo: second.id });
  });

  it('for a retry answered in another process, waits for the store, then answers what it holds', async () => {
    const asked: string[] = [];
    const store = new (class extends MemorySessionStore {
      override answerTo(sessionId: string, messageId: string) {
        asked.push(messageId);
        return super.answerTo(sessionId, messageId);
      }
    })({ maxHistory: 1 });
    const { respond, calls } = counting();
    const { api, sessionId } = await setup({ store, respond, responseTimeoutMs: 300 });
    // Another server took this message and has not answered yet (or died answering it).
    const elsewhere = message(sessionId, 'taken elsewhere');
    await store.rememberMessage(sessionId, elsewhere.id);
    const waiting = await post(api, elsewhere);
    expect(waiting.status).toBe(503);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(waiting.body).toMatchObject({ ok: false, id: elsewhere.id, error: { code: 'unavailable', retryAfterMs: 1000 } });

    // The other server answers while this one is waiting (it has looked once and found nothing).
    const looked = asked.length;
    const pending = post(api, elsewhere);
    await waitFor(() => asked.length > looked, 'the retry to look in the store');
    const response: ChatResponse = { success: true, id: uniqueId('r'), seq: await store.nextSeq(sessionId), replyTo: elsewhere.id, sessionId, response: 'from B', timestamp: Date.now() };
    await store.appendResponse(sessionId, response);
    expect(await pending).toMatchObject({ status: 200, body: response });

    // Once the answer has left the bounded history, a retry is told it was delivered long ago.
    await post(api, message(sessionId, 'newer'));
    expect(await post(api, elsewhere)).toMatchObject({ status: 200, body: { ok: true, id: elsewhere.id, duplicate: true } });
    expect(calls).toHaveLength(1);
  });

  it('answers unavailable when the store fails, and while closing', async () => {
    class DownStore extends MemorySessionStore {
      override async rememberMessage(): Promise<boolean> {
        throw new Error('redis down');
      }
    }
    const { api, sessionId } = await setup({ store: new DownStore() });
    expect(await post(api, message(sessionId, 'x'))).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(h.t!.errors.map((e) => e.where)).toEqual(['session store']);
    await h.t!.server.close();

    const started = gate();
    const { api: api2, sessionId: s2 } = await setup({
      respond: async function* (_m, { signal }) {
        started.open();
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        yield 'never';
      },
    });
    const inFlight = post(api2, message(s2, 'in flight'));
    await started.promise;
    await h.t!.server.close();
    expect(await inFlight).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
  });
});

describe('HTTP fallback on a caller-provided http server', () => {
  let http: Server | undefined;

  afterEach(async () => {
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    http = undefined;
  });

  async function appServer(): Promise<string> {
    http = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`app:${req.method} ${req.url}`);
    });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  }

  it('answers only its own paths and leaves every other request to the app, also after close()', async () => {
    const base = await appServer();
    const server = createChatServer({ httpServer: http!, respond: fixed('hello'), onError: () => undefined });
    await server.ready;
    const text = async (path: string, init?: RequestInit) => (await fetch(`${base}${path}`, init)).text();
    expect(await text('/hello')).toBe('app:GET /hello');
    expect(await text('/api/chat/other', { method: 'POST' })).toBe('app:POST /api/chat/other');
    expect(await text('/api/chatty')).toBe('app:GET /api/chatty');
    const sessionId = uniqueId('s');
    const reply = await post(`${base}/api/chat`, message(sessionId, 'hi'));
    expect(reply).toMatchObject({ status: 200, body: { success: true, response: 'hello' } });

    await server.close();
    expect(http!.listening).toBe(true);
    expect(await text('/api/chat', { method: 'POST' })).toBe('app:POST /api/chat');
    expect(await text('/hello')).toBe('app:GET /hello');
  });

  it('serves a custom path, or none', async () => {
    const base = await appServer();
    const custom = createChatServer({ httpServer: http!, httpApiPath: '/chat/v1', respond: fixed('custom'), onError: () => undefined });
    expect((await post(`${base}/chat/v1`, message(uniqueId('s'), 'hi'))).body).toMatchObject({ response: 'custom' });
    expect(await (await fetch(`${base}/api/chat`, { method: 'POST' })).text()).toBe('app:POST /api/chat');
    await custom.close();

    const off = createChatServer({ httpServer: http!, httpApiPath: false, onError: () => undefined });
    expect(await (await fetch(`${base}/api/chat`, { method: 'POST' })).text()).toBe('app:POST /api/chat');
    await off.close();
    expect(() => createChatServer({ httpApiPath: 'api' })).toThrow(/httpApiPath/);
    expect(() => createChatServer({ httpApiPath: '/socket.io/chat' })).toThrow(/Socket.IO path/);
  });
});
