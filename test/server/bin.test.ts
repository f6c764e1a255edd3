import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, BinProcess } from './bin-process';
import { Recorder, connected, message, rejected, uniqueId, type ClientSocket } from './helpers';
import { Upstream, streamCompletion } from './upstreams';

describe('bin/ai-discovery-server.mjs', () => {
  const processes: BinProcess[] = [];
  const sockets: ClientSocket[] = [];
  let upstream: Upstream | undefined;

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const p of processes.splice(0)) p.kill();
    await upstream?.close();
    upstream = undefined;
  });

  function start(env: Record<string, string>): BinProcess {
    const p = BinProcess.start(env);
    processes.push(p);
    return p;
  }

  function open(url: string, origin: string): ClientSocket {
    const socket: ClientSocket = connectClient(url, {
      auth: { sessionId: uniqueId('s'), client: 'test' }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin },
    });
    sockets.push(socket);
    return socket;
  }

  it('is an executable Node script', () => {
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { bin?: Record<string, string>; files?: string[] };
    expect(pkg.bin).toEqual({ 'ai-discovery-server': './bin/ai-discovery-server.mjs' });
    expect(pkg.files).toContain('bin');
  });

  it('serves from environment variables, and on SIGTERM finishes the answer under way and exits 0', async () => {
    const server = start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '5000', ALLOWED_ORIGINS: 'https://shop.example' });
    const url = await server.listening();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await rejected(open(url, 'https://evil.example'));
    const socket = open(url, 'https://shop.example');
    await connected(socket);
    const recorder = new Recorder(socket);
    const sessionId = (socket.auth as { sessionId: string }).sessionId;

    const first = message(sessionId, 'blue light glasses');
    expect(await socket.emitWithAck('chat-message', first)).toEqual({ ok: true, id: first.id });
    expect(await recorder.responseTo(first.id)).toMatchObject({ success: true, seq: 1, provider: 'demo-catalog' });

    // The demo catalog streams word by word: stop the server after the first word of this answer.
    const second = message(sessionId, 'red running shoes under $100');
    await socket.emitWithAck('chat-message', second);
    await recorder.until(() => recorder.chunks.find((c) => c.replyTo === second.id));
    server.child.kill('SIGTERM');
    const answer = await recorder.responseTo(second.id);
    expect(answer).toMatchObject({ success: true, seq: 2 });
    expect(answer.response).toBe(recorder.chunks.filter((c) => c.replyTo === second.id).map((c) => c.delta).join(''));
    expect(answer.blocks?.some((b) => b.type === 'products')).toBe(true);

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['listening', 'origin_refused', 'message', 'response', 'shutdown', 'stopped']));
    expect(server.lines.find((l) => l.event === 'shutdown')).toMatchObject({ signal: 'SIGTERM', graceMs: 5000 });
    // Structured logs carry no message text by default.
    expect(JSON.stringify(server.lines)).not.toMatch(/running shoes|blue light/);
  });

  it('builds its responder from OPENAI_* and stops on SIGINT', async () => {
    upstream = new Upstream();
    const base = await upstream.start();
    upstream.handle = (_seen, response) => streamCompletion(response, ['Hello ', 'from the model']);
    const server = start({ PORT: '0', HOST: '127.0.0.1', OPENAI_BASE_URL: `${base}/v1`, OPENAI_MODEL: 'test-model', OPENAI_API_KEY: 'sk-env' });
    const url = await server.listening();
    const socket = open(url, url);
    await connected(socket);
    const recorder = new Recorder(socket);
    const m = message((socket.auth as { sessionId: string }).sessionId, 'hi');
    await socket.emitWithAck('chat-message', m);
    expect(await recorder.responseTo(m.id)).toMatchObject({ success: true, response: 'Hello from the model', provider: 'openai:test-model' });
    expect(upstream.seen[0]?.headers.authorization).toBe('Bearer sk-env');
    server.child.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses a malformed variable with exit code 2, naming it', async () => {
    const server = start({ PORT: '0', RATE_LIMIT_IP: 'lots' });
    expect(await server.exited).toEqual({ code: 2, signal: null });
    expect(server.lines).toEqual([expect.objectContaining({ level: 'error', event: 'config_refused', message: expect.stringContaining('RATE_LIMIT_IP') })]);
  });

  it('exits 1 when it cannot listen', async () => {
    const first = start({ PORT: '0', HOST: '127.0.0.1' });
    const port = new URL(await first.listening()).port;
    const second = start({ PORT: port, HOST: '127.0.0.1' });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.lines.at(-1)).toMatchObject({ level: 'error', event: 'start_failed' });
  });
});
