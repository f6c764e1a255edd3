import { createServer, type Server as HttpServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySessionStore, createChatServer, type ChatServerOptions, type Responder, type SessionStore } from '../../src/server';
import { Recorder, client, connectedClient, fixed, gate, message, rejected, startServer, uniqueId, type ClientSocket, type LooseSocket, type TestServer } from './helpers';

describe('operations', () => {
  const servers: TestServer[] = [];
  const sockets: ClientSocket[] = [];
  let app: HttpServer | undefined;

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const t of servers.splice(0)) await t.server.close();
    if (app) await new Promise((resolve) => app!.close(resolve));
    app = undefined;
  });

  async function start(options: ChatServerOptions = {}) {
    const t = await startServer(options);
    servers.push(t);
    return t;
  }

  const get = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };

  it('answers /healthz and /readyz, and /readyz says 503 while the store does not answer', async () => {
    let storeUp = true;
    const memory = new MemorySessionStore();
    const store: SessionStore = Object.assign(Object.create(memory) as SessionStore, {
      getContext: (sessionId: string) => (storeUp ? memory.getContext(sessionId) : Promise.reject(new Error('store down'))),
    });
    const t = await start({ store });
    expect(await get(`${t.url}/healthz`)).toMatchObject({ status: 200, text: 'ok\n' });
    expect(await get(`${t.url}/readyz`)).toMatchObject({ status: 200 });
    storeUp = false;
    expect(await get(`${t.url}/readyz`)).toMatchObject({ status: 503 });
    expect(await get(`${t.url}/healthz`)).toMatchObject({ status: 200 });
    expect((await fetch(`${t.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('counts connections, messages by outcome, errors by code and response latency at /metrics', async () => {
    const t = await start({ respond: fixed('hello'), rateLimit: { perSession: { burst: 1, perSecond: 0.1 } } });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    const first = message(sessionId, 'hi');
    await socket.emitWithAck('chat-message', first);
    await recorder.responseTo(first.id);
    expect((await socket.emitWithAck('chat-message', message(sessionId, 'again'))).ok).toBe(false);
    await (socket as unknown as LooseSocket).emitWithAck('chat-message', { id: 'bad', sessionId, text: 42 });

    const metrics = await get(`${t.url}/metrics`);
    expect(metrics.type).toContain('text/plain; version=0.0.4');
    const lines = metrics.text.split('\n');
    expect(lines).toContain('aidw_connections 1');
    expect(lines).toContain('aidw_messages_total{outcome="accepted"} 1');
    expect(lines).toContain('aidw_messages_total{outcome="rate_limited"} 1');
    expect(lines).toContain('aidw_messages_total{outcome="invalid"} 1');
    expect(lines).toContain('aidw_errors_total{code="invalid"} 1');
    expect(lines).toContain('aidw_errors_total{code="rate_limited"} 1');
    expect(lines).toContain('aidw_response_duration_seconds_count 1');
    expect(lines).toContain('aidw_response_duration_seconds_bucket{le="+Inf"} 1');
    expect(lines).toContain('# TYPE aidw_response_duration_seconds histogram');
  });

  it('on a caller http server, answers only its own paths and passes the rest to the app', async () => {
    app = createServer((_request, response) => response.writeHead(200).end('app'));
    const chat = createChatServer({ httpServer: app, logger: () => undefined, metricsPath: false });
    await new Promise<void>((resolve) => app!.listen(0, '127.0.0.1', resolve));
    const address = app.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, text: 'ok\n' });
      expect(await get(`${base}/readyz`)).toMatchObject({ status: 200 });
      expect(await get(`${base}/metrics`)).toMatchObject({ status: 200, text: 'app' });
      expect(await get(`${base}/healthz/more`)).toMatchObject({ status: 200, text: 'app' });
    } finally {
      await chat.close();
    }
    expect(await get(`${base}/healthz`)).toMatchObject({ text: 'app' });
  });

  it('shuts down gracefully: the open stream finishes, newcomers are refused, and the client resumes on another server', async () => {
    const store = new MemorySessionStore();
    const hold = gate();
    const respond: Responder = async function* (m) {
      yield 'part one, ';
      if (m.text === 'slow') await hold.promise;
      yield `part two of ${m.text}`;
    };
    const a = await start({ store, respond, shutdownGraceMs: 10_000 });
    const b = await start({ store, respond });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(a.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    const slow = message(sessionId, 'slow');
    await socket.emitWithAck('chat-message', slow);
    await recorder.until(() => recorder.chunks.find((c) => c.replyTo === slow.id));

    let closed = false;
    const closing = a.server.close().then(() => (closed = true));
    expect(await get(`${a.url}/readyz`)).toMatchObject({ status: 503 });
    const late = message(sessionId, 'late');
    expect(await socket.emitWithAck('chat-message', late)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await rejected(client(a.url, { sessionId: uniqueId('s'), client: 'test' }));
    expect(closed).toBe(false);

    hold.open();
    const finished = await recorder.responseTo(slow.id);
    expect(finished).toMatchObject({ success: true, seq: 1, response: 'part one, part two of slow' });
    await closing;

    // The widget's way back: reconnect (here to the other server), sync, resend what was refused.
    const again = await connectedClient(b.url, sessionId);
    sockets.push(again);
    const sync = await again.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(sync).toMatchObject({ ok: true, responses: [{ id: finished.id, seq: 1 }] });
    const recorderB = new Recorder(again);
    expect(await again.emitWithAck('chat-message', late)).toEqual({ ok: true, id: late.id });
    expect(await recorderB.responseTo(late.id)).toMatchObject({ success: true, seq: 2 });
  });

  it('aborts what is still running when the grace period ends, storing an unavailable answer', async () => {
    const store = new MemorySessionStore();
    const never: Responder = async function* (_m, { signal }) {
      yield 'started ';
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    };
    const t = await start({ store, respond: never, shutdownGraceMs: 100 });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    const m = message(sessionId, 'forever');
    await socket.emitWithAck('chat-message', m);
    await recorder.until(() => recorder.chunks[0]);
    await t.server.close();
    const [stored] = await store.responsesAfter(sessionId, 0, 10);
    expect(stored).toMatchObject({ success: false, replyTo: m.id, response: 'started ', error: { code: 'unavailable' } });
  });

  it('checks the new options', () => {
    expect(() => createChatServer({ shutdownGraceMs: -1 })).toThrow(/shutdownGraceMs/);
    expect(() => createChatServer({ healthPath: 'healthz' })).toThrow(/healthPath/);
    expect(() => createChatServer({ rateLimit: { perSession: { burst: 0, perSecond: 1 } } })).toThrow(/rateLimit.perSession/);
    expect(() => createChatServer({ maxConnectionsPerIp: 0 })).toThrow(/maxConnectionsPerIp/);
    expect(() => createChatServer({ allowedOrigins: 'https://a.example' as unknown as string[] })).toThrow(/allowedOrigins/);
  });
});
