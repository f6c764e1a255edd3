// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type ChatResponse } from '../../src/index';
import { createChatServer, type ChatServer, type ChatServerOptions, type Responder } from '../../src/server/index';
import { TcpProxy } from '../support/tcp-proxy';
import { sleep, waitFor } from '../support/wait';
import { RecordingStore } from './recording-store';
import { tracked } from '../support/tracked';

/** A sync limit no other read uses, so the store can tell a session-sync from the responder's history read. */
const SYNC_LIMIT = 321;

const { servers, proxies, widgets } = tracked();

/** "first" streams one chunk and then waits for `release` (or the server's close); others answer at once. */
function heldResponder(release: Map<string, () => void>): Responder {
  return async function* (message) {
    if (message.text === 'first') {
      yield 'partial ';
      await new Promise<void>((resolve) => release.set(message.text, resolve));
    }
    yield `re: ${message.text}`;
  };
}

async function startServer(options: ChatServerOptions): Promise<ChatServer> {
  const server = createChatServer({ host: '127.0.0.1', limits: { maxSyncResponses: SYNC_LIMIT }, logger: () => {}, ...options });
  servers.push(server);
  await server.ready;
  return server;
}

async function startWidget(serverPort: number) {
  const proxy = new TcpProxy(serverPort);
  proxies.push(proxy);
  await proxy.listen();
  const w = new AIDiscoveryWidget({
    socketUrl: proxy.url,
    transports: ['websocket'],
    storage: 'memory',
    reconnection: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 1000 },
  });
  widgets.push(w);
  const responses: ChatResponse[] = [];
  w.on('response', (r) => responses.push(r));
  w.mount();
  await waitFor(() => w.status === 'connected', 'connected');
  return { w, proxy, responses };
}

/**
 * Steps 3 and 4 of both cases: back online, the session-sync meets a slow store while "second" is
 * answered (seq 2) and shown live; the connection drops before the sync's reply; the widget
 * reconnects and syncs again, unhindered.
 */
async function laterAnswerFirstThenCut(store: RecordingStore, { w, proxy, responses }: Awaited<ReturnType<typeof startWidget>>) {
  let answerSync: (() => void) | undefined;
  store.holdRead = (_afterSeq, limit) => (limit === SYNC_LIMIT ? new Promise<void>((resolve) => (answerSync = resolve)) : undefined);
  const second = w.send('second');
  proxy.stopRefusing();
  const secondId = (await second).id;
  await waitFor(() => responses.some((r) => r.replyTo === secondId), 'the answer to "second"');
  await waitFor(() => answerSync, 'the session-sync to reach the store');

  store.holdRead = undefined;
  proxy.cutAll();
  answerSync!();
  await waitFor(() => w.status !== 'connected', 'the drop');
  await waitFor(() => w.status === 'connected', 'connected again');
}

const shown = (w: AIDiscoveryWidget, responses: ChatResponse[]) => ({
  lastSeq: w.getSnapshot().conversation.lastSeq,
  responses: responses.map((r) => `${r.seq}: ${r.success ? r.response : r.error?.code}`).sort(),
  streaming: w.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant' && e.streaming).map((e) => e.text),
});

/**
 * A loss the chaos test can hit, made deterministic. The widget resumes with session-sync from the
 * highest seq it has shown. If an answer went out while it was away (seq 1), and after the
 * reconnect a later answer (seq 2) arrives live before the sync's reply, and the connection drops
 * before that reply, the next sync asks for what follows seq 2: seq 1 is never asked for again.
 */
describe('resume after a missed answer', () => {
  it('shows an answer given while it was away, even when a later one came first and the sync was cut', async () => {
    // Connection state recovery off, as with an adapter without it or after an outage longer than
    // it keeps sessions: session-sync is the contract's resume and must be enough on its own.
    const store = new RecordingStore();
    const release = new Map<string, () => void>();
    const server = await startServer({ port: 0, store, respond: heldResponder(release), connectionStateRecovery: false });
    const client = await startWidget(server.port);
    const { w, proxy, responses } = client;

    // 1. "first" is acknowledged; its answer starts streaming.
    const first = await w.send('first');
    await waitFor(() => release.has('first'), 'the answer to "first" to start');

    // 2. The connection drops and stays refused while the answer is finished, stored (seq 1) and
    //    sent to nobody.
    proxy.refuseFor(60_000);
    proxy.cutAll();
    await waitFor(() => w.status === 'reconnecting', 'reconnecting');
    release.get('first')!();
    await waitFor(() => store.stored.some((s) => s.replyTo === first.id), 'the answer to "first" stored');

    await laterAnswerFirstThenCut(store, client);
    await settle(() => responses.some((r) => r.replyTo === first.id));

    expect(shown(w, responses)).toEqual({ lastSeq: 2, responses: ['1: partial re: first', '2: re: second'], streaming: [] });
  });

  it('shows the answer a restart interrupted, even when a later one came first and the sync was cut', async () => {
    // Default server options: recovery cannot help across a restart.
    const store = new RecordingStore();
    const release = new Map<string, () => void>();
    const first = await startServer({ port: 0, store, respond: heldResponder(release) });
    const port = first.port;
    const client = await startWidget(port);
    const { w, proxy, responses } = client;

    // 1. "first" is acknowledged and its answer is streaming.
    const firstMessage = await w.send('first');
    await waitFor(() => w.getSnapshot().conversation.entries.some((e) => e.kind === 'assistant' && e.streaming), 'a streamed chunk');

    // 2. The server restarts: close() stores the interrupted answer (seq 1, `unavailable`) after
    //    the sockets are gone. The network is down a while longer.
    proxy.refuseFor(60_000);
    await first.close();
    await waitFor(() => store.stored.some((s) => s.replyTo === firstMessage.id), 'the interrupted answer stored');
    await startServer({ port, store, respond: heldResponder(release) });

    await laterAnswerFirstThenCut(store, client);
    await settle(() => responses.some((r) => r.replyTo === firstMessage.id));

    expect(shown(w, responses)).toEqual({ lastSeq: 2, responses: ['1: unavailable', '2: re: second'], streaming: [] });
  });
});

/** Gives the widget a fair while to catch up, then lets the assertion say what it has. */
async function settle(check: () => boolean): Promise<void> {
  await waitFor(check, '', 3000).catch(() => undefined);
  await sleep(200);
}
