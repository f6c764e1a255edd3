import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  const cleanups: (() => void)[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const p of processes.splice(0)) p.kill();
    for (const cleanup of cleanups.splice(0)) cleanup();
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
    // Published by the server package (packages/pack.mjs copies bin/ into it).
    const server = JSON.parse(readFileSync(fileURLToPath(new URL('../../packages/server/package.json', import.meta.url)), 'utf8')) as { bin?: Record<string, string>; files?: string[] };
    expect(server.bin).toEqual({ 'ai-discovery-server': 'bin/ai-discovery-server.mjs' });
    expect(server.files).toContain('bin');
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

  it.each([
    ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: '127.0.0.1:5175' }],
    ['RATE_LIMIT', { RATE_LIMIT: 'nope' }],
    ['PORT', { PORT: '3000.5' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes please' }],
    ['REDIS_KEY_PREFIX', { REDIS_KEY_PREFIX: 'shop1:' }],
    ['CHAT_API_URL', { CHAT_API_URL: 'shop.example/api/chat' }],
  ])('refuses a bad %s with exit code 2 and a config_refused line naming it', async (name, env) => {
    const server = start({ PORT: '0', HOST: '127.0.0.1', ...env });
    expect(await server.exited).toEqual({ code: 2, signal: null });
    expect(server.lines).toEqual([expect.objectContaining({ level: 'error', event: 'config_refused', variables: [name], message: expect.stringContaining(name) })]);
  });

  describe("the README's deployment command", () => {
    /** The command line of the Deployment section, its variables apart: they are the operator's. */
    function deploymentCommand(): string {
      const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
      const line = /```sh\n(.+)\n```/.exec(readme.slice(readme.indexOf('**Deployment.**')))?.[1] ?? '';
      return line.replace(/^(\w+=\S+\s+)+/, '');
    }

    /** An app folder with the package installed as npm lays it out (its bin linked in .bin). */
    function appFolder(): string {
      const app = mkdtempSync(join(tmpdir(), 'aidw-app-'));
      cleanups.push(() => rmSync(app, { recursive: true, force: true }));
      mkdirSync(join(app, 'node_modules', '.bin'), { recursive: true });
      // The root stands in for the server package: bin/ and dist/server/ at the same paths.
      symlinkSync(fileURLToPath(new URL('../..', import.meta.url)), join(app, 'node_modules', 'ai-discovery-server'), 'dir');
      symlinkSync('../ai-discovery-server/bin/ai-discovery-server.mjs', join(app, 'node_modules', '.bin', 'ai-discovery-server'));
      return app;
    }

    it.each([
      ['as is (Docker exec form, systemd)', (command: string) => command.split(/\s+/)],
      ['through a shell with exec, as the README says for scripts and Procfiles', (command: string) => ['/bin/sh', '-c', `exec ${command}`]],
    ])('stops on SIGTERM, run %s, exits 0 and frees its port', async (_how, argv) => {
      const command = deploymentCommand();
      expect(command).toMatch(/ai-discovery/);
      const server = BinProcess.run(argv(command), appFolder(), { PORT: '0', HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '1000' });
      processes.push(server);
      const url = await server.listening();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      server.child.kill('SIGTERM');
      const exited = await Promise.race([server.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
      expect(exited).toEqual({ code: 0, signal: null });
      expect(server.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['shutdown', 'stopped']));
      expect(server.lines.map((l) => l.event)).not.toContain('signals_not_forwarded');
      // The next start may bind the same port at once.
      const next = createServer();
      await new Promise<void>((resolve, reject) => next.once('error', reject).listen(Number(new URL(url).port), '127.0.0.1', resolve));
      await new Promise((resolve) => next.close(resolve));
    }, 30_000);

    it('warns when started through npx, which keeps SIGTERM from it', async () => {
      const server = BinProcess.run(['npx', '--offline', 'ai-discovery-server'], appFolder(), { PORT: '0', HOST: '127.0.0.1' });
      processes.push(server);
      await server.listening();
      expect(server.lines.find((l) => l.event === 'signals_not_forwarded')).toMatchObject({ level: 'warn', message: expect.stringContaining('node node_modules/ai-discovery-server/bin/ai-discovery-server.mjs') });
    }, 30_000);
  });

  it('exits 1 when it cannot listen', async () => {
    const first = start({ PORT: '0', HOST: '127.0.0.1' });
    const port = new URL(await first.listening()).port;
    const second = start({ PORT: port, HOST: '127.0.0.1' });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.lines.at(-1)).toMatchObject({ level: 'error', event: 'start_failed' });
  });
  it('answers from the catalog file it is pointed at, and says on first start what it loaded and what it dropped', async () => {
    const file = fileURLToPath(new URL('../fixtures/catalog/products.json', import.meta.url));
    const server = start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CATALOG_URL: file, CATALOG_FORMAT: 'json', CATALOG_REFRESH_MS: 'off' });
    const url = await server.listening();
    const loaded = server.lines.findIndex((l) => l.event === 'catalog_loaded');
    expect(loaded).toBeGreaterThanOrEqual(0);
    expect(loaded).toBeLessThan(server.lines.findIndex((l) => l.event === 'listening'));
    expect(server.lines[loaded]).toMatchObject({ products: 1, read: 2, dropped: 1, format: 'json', source: file, droppedExamples: [expect.stringMatching(/sku-2/)] });
    const socket = open(url, new URL(url).origin);
    await connected(socket);
    const recorder = new Recorder(socket);
    const m = message((socket.auth as { sessionId: string }).sessionId, 'linen shirt');
    await socket.emitWithAck('chat-message', m);
    const response = await recorder.responseTo(m.id);
    const products = response.blocks?.find((b) => b.type === 'products');
    expect(products?.type === 'products' && products.items.map((item) => [item.title, item.url])).toEqual([['Linen Shirt (S)', 'https://linen.example/p/shirt']]);
  });
});
