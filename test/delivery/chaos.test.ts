// @vitest-environment jsdom
// @suite-starts-first: it waits on its proxy's cuts and the server's restarts for most of a minute,
// which another worker can use (test/support/environment-sequencer.ts).
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type AssistantEntry, type ChatResponse, type ConnectionStatus, type KeyValueStorage, type WidgetOptions } from '../../src/index';
import { createChatServer, type ChatServer, type ChatServerOptions, type Responder } from '../../src/server/index';
import { between, mulberry32 } from '../support/seeded-random';
import { TcpProxy } from '../support/tcp-proxy';
import { sleep, waitFor } from '../support/wait';
import { chaosFigures, type SendRecord } from './chaos-figures';
import { processHandle, RecordingStore } from './recording-store';
import { Timeline } from './timeline';
import { tracked } from '../support/tracked';

/** Replay a run with CHAOS_SEED=<n>; the seed is printed with the figures. */
const SEED = Number(process.env.CHAOS_SEED ?? 20240604);
const MESSAGES = 500;
/** Most sends waiting for their acks: a queue to drain in order, well inside the outbox's bound. */
const WINDOW = 25;

const { servers, proxies, widgets } = tracked();

/** Streams `chunks` deltas, `delayMs` apart, and records every message it is asked to answer. */
function recordingResponder(runs: string[], chunksFor: (text: string) => number, delayMs: number): Responder {
  return async function* (message) {
    runs.push(message.id);
    for (let i = 0, n = chunksFor(message.text); i < n; i++) {
      await sleep(delayMs);
      yield `${i}:${message.text}|`;
    }
  };
}

const fullAnswer = (text: string, chunks: number) => Array.from({ length: chunks }, (_, i) => `${i}:${text}|`).join('');

async function startServer(options: ChatServerOptions): Promise<ChatServer> {
  const server = createChatServer({ host: '127.0.0.1', ...options });
  servers.push(server);
  await server.ready;
  return server;
}

function startWidget(socketUrl: string, extra: WidgetOptions = {}) {
  const w = new AIDiscoveryWidget({
    socketUrl,
    transports: ['websocket'],
    storage: 'memory',
    reconnection: { initialDelayMs: 20, maxDelayMs: 300, maxAttempts: 1_000_000, connectTimeoutMs: 2000 },
    ackTimeoutMs: 1500,
    ...extra,
  });
  widgets.push(w);
  const statuses: ConnectionStatus[] = [];
  const responses: ChatResponse[] = [];
  const errors: string[] = [];
  w.on('status', (s) => statuses.push(s));
  w.on('response', (r) => responses.push(r));
  w.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
  w.mount();
  return { w, statuses, responses, errors };
}

/** Like waitFor, but says whether it happened instead of throwing, so the figures still get printed. */
async function settled(check: () => boolean, timeoutMs: number): Promise<boolean> {
  return waitFor(check, '', timeoutMs).then(() => true, () => false);
}

/**
 * How the server resumes a widget that comes back. `recovery`: the defaults, Socket.IO's connection
 * state recovery and session-sync together. `sync`: session-sync alone (recovery off, as with an
 * adapter without it, after a restart or a long outage) on a store slow to read history (0 to 60
 * ms per session-sync read, as a Redis read of many responses may be).
 */
const RESUME = {
  recovery: { server: {}, syncReadMs: undefined },
  sync: { server: { connectionStateRecovery: false }, syncReadMs: [0, 60] },
} as const satisfies Record<string, { server: Partial<ChatServerOptions>; syncReadMs: readonly [number, number] | undefined }>;

describe('delivery under chaos', () => {
  for (const resume of Object.keys(RESUME) as (keyof typeof RESUME)[]) {
    it(`delivers ${MESSAGES} messages once each, in order, through a proxy that cuts, stalls and refuses connections (resume: ${resume})`, async () => {
      const started = performance.now();
      const timeline = new Timeline();
      const note = timeline.note;
      const store = new RecordingStore(note);
      const { syncReadMs } = RESUME[resume];
      if (syncReadMs) {
        const latency = mulberry32(SEED + 3);
        // The responder's history read starts at seq 0; a session-sync, once anything was shown, after it.
        store.holdRead = (afterSeq) => (afterSeq > 0 ? sleep(between(latency, syncReadMs[0], syncReadMs[1])) : undefined);
      }
      const runs: string[] = [];
      const serverErrors: string[] = [];
      const server = await startServer({
        ...RESUME[resume].server,
        port: 0,
        store,
        respond: recordingResponder(runs, () => 3, 0),
        // The chaos is the network's. The server's back-pressure (rate_limited past 5 messages a
        // second, or once 20 answers wait) would set the pace and the delays with pauses of its own.
        rateLimit: false,
        maxPendingPerSession: MESSAGES,
        logger: (entry) => note(`server log: ${JSON.stringify(entry)}`),
        onError: (error, where) => serverErrors.push(`${where}: ${String(error)}`),
      });
      const proxy = new TcpProxy(server.port, (event) => note(`proxy: ${event}`));
      proxies.push(proxy);
      await proxy.listen();
      const { w, statuses, errors } = startWidget(proxy.url, {
        environment: { random: mulberry32(SEED + 1) },
        // Widget, proxy and server share one thread here, and the panel re-renders the whole
        // conversation in jsdom on every change: with 1000 entries that, not the network, would set
        // the pace. Delivery does not depend on the panel; the restart test below keeps it.
        loadPanel: async () => ({ mountPanel: () => () => {} }),
      });

      const sends: SendRecord[] = [];
      const byId = new Map<string, SendRecord>();
      const byText = new Map<string, SendRecord>();
      const clientAcks: string[] = [];
      const clientResponses: string[] = [];
      w.on('message', (e) => {
        const record = byText.get(e.text);
        if (e.state === 'queued' && record && record.id === undefined) {
          record.id = e.id;
          byId.set(e.id, record);
          timeline.label(e.id, `#${record.index}`);
        }
        if (e.state === 'sent') clientAcks.push(e.id);
        note(`widget: ${e.id} ${e.state}${e.error ? ` (${e.error.code})` : ''}`);
      });
      w.on('status', (status) => note(`widget: status ${status}`));
      w.on('error', (error) => note(`widget: error ${error.code} ${error.message}`));
      w.on('response', (r) => {
        note(`widget: shows seq ${r.seq} answering ${r.replyTo} (lastSeq now ${w.getSnapshot().conversation.lastSeq})`);
        clientResponses.push(r.replyTo ?? `(no replyTo) ${r.id}`);
        const record = r.replyTo === undefined ? undefined : byId.get(r.replyTo);
        if (record && record.answeredAt === undefined) record.answeredAt = performance.now();
      });
      await waitFor(() => w.status === 'connected', 'the first connection');

      // Every 50 to 400 ms: a cut (of all connections or some, by FIN or RST), with a refusal of
      // 100 to 800 ms a quarter of the time; or, a third of the time, a stall of 50 to 2000 ms that
      // holds back the server's side (acks lost in flight, or late past the ack timeout).
      proxy.startChaos({
        random: mulberry32(SEED),
        cutEveryMs: [50, 400],
        refuseChance: 0.25,
        refuseMs: [100, 800],
        stallChance: 0.3,
        stallMs: [50, 2000],
        maxDurationMs: 150_000,
      });
      // The shopper types in bursts (1 to 10 messages) with pauses (up to 400 ms) between them, so
      // the sending spans many cuts and refusals rather than slipping between two of them.
      const typing = mulberry32(SEED + 2);
      let burst = 0;
      const deadline = performance.now() + 120_000;
      const inFlight = new Set<Promise<void>>();
      for (let index = 0; index < MESSAGES && performance.now() < deadline; index++) {
        if (burst-- === 0) {
          burst = between(typing, 0, 9);
          await sleep(between(typing, 0, 400));
        }
        while (inFlight.size >= WINDOW && performance.now() < deadline) await Promise.race([...inFlight, sleep(1000)]);
        const record: SendRecord = { index, text: `chaos message ${index}`, sentAt: performance.now() };
        sends.push(record);
        byText.set(record.text, record);
        const sending: Promise<void> = w.send(record.text).then(
          (ack) => {
            record.ackedAt = performance.now();
            record.duplicate = ack.duplicate;
          },
          (error: unknown) => void (record.error = String(error)),
        ).finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      await settled(() => inFlight.size === 0, Math.max(0, deadline - performance.now()));
      proxy.stopChaos();
      const chaosMs = performance.now() - started;

      // Calm: whatever was acknowledged gets answered and shown. Then one last cut, so a reconnect
      // re-syncs and recovers the whole session: a late duplicate would show up here.
      const everyAnswer = () => sends.every((s) => s.ackedAt === undefined || s.answeredAt !== undefined);
      await settled(() => w.status === 'connected' && everyAnswer(), 30_000);
      const connectsBefore = statuses.filter((s) => s === 'connected').length;
      proxy.cutAll();
      await settled(() => statuses.filter((s) => s === 'connected').length > connectsBefore, 10_000);
      await sleep(500);

      const figures = chaosFigures({ sends, serverArrivals: store.arrivals, responderRuns: runs, clientResponses, clientAcks });
      const { problems, ...numbers } = figures;
      console.log(JSON.stringify({
        chaos: {
          resume, seed: SEED, ...numbers,
          reconnects: statuses.filter((s) => s === 'connected').length - 1,
          proxy: proxy.counters,
          chaosMs: Math.round(chaosMs),
          runMs: Math.round(performance.now() - started),
        },
      }));
      if (problems.length > 0) console.log(`${problems.slice(0, 50).join('\n')}\ntimeline: ${timeline.save(`chaos-${resume}-${SEED}`)}`);

      expect(sends).toHaveLength(MESSAGES);
      expect(problems).toEqual([]);
      expect(figures.lost).toBe(0);
      expect(figures.doubled).toBe(0);
      expect(figures.reordered).toBe(0);
      expect(serverErrors).toEqual([]);

      // The conversation shows every question once, in order, each followed by its one answer.
      const entries = w.getSnapshot().conversation.entries;
      const assistant = entries.filter((e): e is AssistantEntry => e.kind === 'assistant');
      expect(new Set(assistant.map((e) => e.id)).size).toBe(assistant.length);
      expect(assistant.filter((e) => e.streaming).map((e) => e.id)).toEqual([]);
      const shape = entries.map((e) => (e.kind === 'shopper' ? `Q${byId.get(e.id)?.index}` : `A${byId.get(e.replyTo ?? '')?.index}`));
      expect(shape).toEqual(sends.flatMap((s) => [`Q${s.index}`, `A${s.index}`]));
      expect(assistant.filter((e) => !e.success || e.text !== fullAnswer(sends[byId.get(e.replyTo!)!.index]!.text, 3)).map((e) => e.id)).toEqual([]);
      expect(entries.filter((e) => e.kind === 'shopper' && e.state !== 'sent')).toEqual([]);
      expect(errors).toEqual([]);
    }, 240_000);
  }

  // The restarted server works on the same MemorySessionStore, as a restarted process would on its
  // Redis: message ids, seq and stored responses survive; sockets and running answers do not.
  // `closed`: close() aborts the answer being streamed and stores it as an `unavailable` response,
  // which the widget must get by session-sync from the new server. `killed`: the process dies at
  // once (its connections cut, its store handle dead): it stores nothing more.
  for (const how of ['closed', 'killed'] as const) {
    it(`comes back after the server is ${how} and restarted in the middle of a streamed answer`, async () => {
      const store = new RecordingStore();
      const runs: string[] = [];
      const serverErrors: string[] = [];
      const respond = recordingResponder(runs, (text) => (text.startsWith('slow') ? 40 : 3), 30);
      const options = { store, respond, onError: (error: unknown, where: string) => serverErrors.push(`${where}: ${String(error)}`) };
      const firstHandle = processHandle(store);
      const first = await startServer({ ...options, port: 0, store: firstHandle.store });
      const port = first.port;
      const proxy = new TcpProxy(port);
      proxies.push(proxy);
      await proxy.listen();
      // What the widget saves for the next page, to check it keeps saving after the restart.
      const kept = new Map<string, string>();
      const storage: KeyValueStorage = {
        getItem: (key) => kept.get(key) ?? null,
        setItem: (key, value) => void kept.set(key, value),
        removeItem: (key) => void kept.delete(key),
      };
      const { w, statuses, responses, errors } = startWidget(proxy.url, { storage });
      await waitFor(() => w.status === 'connected', 'connected');

      const slow = await w.send('slow question');
      const streaming = () => w.getSnapshot().conversation.entries.find(
        (e): e is AssistantEntry => e.kind === 'assistant' && e.replyTo === slow.id && e.streaming,
      );
      await waitFor(() => (streaming()?.text.split('|').length ?? 0) > 3, 'a few streamed chunks');
      const partial = streaming()!.text;

      if (how === 'killed') {
        proxy.refuseFor(60_000);
        proxy.cutAll();
        firstHandle.kill();
      }
      await first.close();
      await waitFor(() => w.status === 'reconnecting', `reconnecting after the server was ${how}`);
      await startServer({ ...options, port, store: processHandle(store).store });
      proxy.stopRefusing();
      await waitFor(() => w.status === 'connected', 'connected to the restarted server', 15_000);
      const answered = await settled(() => responses.some((r) => r.replyTo === slow.id), 10_000);

      const quick = await w.send('quick question after the restart');
      await settled(() => responses.some((r) => r.replyTo === quick.id), 10_000);
      await sleep(300);

      const entries = w.getSnapshot().conversation.entries;
      const assistant = entries.filter((e): e is AssistantEntry => e.kind === 'assistant');
      const slowAnswers = responses.filter((r) => r.replyTo === slow.id);
      console.log(JSON.stringify({
        restart: {
          how,
          slowAnswered: answered,
          slowAnswer: slowAnswers.map((r) => ({ success: r.success, error: r.error?.code, chunks: (r.response ?? '').split('|').length - 1 })),
          streamedBeforeStop: partial.split('|').length - 1,
          responderRuns: runs.length,
          statuses,
          entries: entries.map((e) => (e.kind === 'shopper' ? `Q ${e.state}` : `A streaming=${e.streaming} success=${e.success} chunks=${e.text.split('|').length - 1}`)),
        },
      }));

      // Not lost: the interrupted answer arrives once, complete or reported as not given. After a
      // hard kill with a surviving store, no server is left to finish it and the id is already
      // remembered, so no response comes: the widget must then say the answer was interrupted
      // rather than leave half of it looking complete (the server-side re-answer needs a lease
      // across processes; see the issue note).
      expect(slowAnswers.length).toBeLessThanOrEqual(1);
      if (how === 'closed') expect(slowAnswers).toHaveLength(1);
      const slowAnswer = slowAnswers[0];
      if (slowAnswer?.success) expect(slowAnswer.response).toBe(fullAnswer('slow question', 40));
      else if (slowAnswer) expect(slowAnswer.error?.code).toBe('unavailable');
      else {
        await waitFor(() => w.getSnapshot().conversation.entries.some((e) => e.kind === 'assistant' && e.replyTo === slow.id && !e.success), 'the interrupted answer marked', 5_000);
        const shown = w.getSnapshot().conversation.entries.find((e): e is AssistantEntry => e.kind === 'assistant' && e.replyTo === slow.id)!;
        expect(shown).toMatchObject({ streaming: false, success: false, error: { code: 'unavailable' } });
      }
      expect(fullAnswer('slow question', 40).startsWith(slowAnswer?.response ?? partial)).toBe(true);
      expect(store.arrivals.filter((a) => a.id === slow.id && a.fresh)).toHaveLength(1);

      // No response twice, nothing left streaming, and the next message is answered normally.
      expect(new Set(assistant.map((e) => e.id)).size).toBe(assistant.length);
      expect(assistant.filter((e) => e.streaming).map((e) => e.text)).toEqual([]);
      expect(assistant.map((e) => e.replyTo)).toEqual([slow.id, quick.id]);
      expect(quick.duplicate).toBe(false);
      expect(responses.filter((r) => r.replyTo === quick.id)).toMatchObject([{ success: true, response: fullAnswer('quick question after the restart', 3) }]);
      expect(statuses).toEqual(expect.arrayContaining(['reconnecting']));
      expect(statuses.at(-1)).toBe('connected');
      // The next page would get the whole conversation back.
      expect([...kept.values()].join('\n')).toContain(quick.id);
      expect(errors).toEqual([]);
      if (how === 'closed') expect(serverErrors).toEqual([]);
    }, 60_000);
  }
});
