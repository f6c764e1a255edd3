import { describe, expect, it } from 'vitest';
import type { ChatContext, ChatResponse } from '../../src/protocol';
import { MemorySessionStore, type ChatServerOptions, type Responder } from '../../src/server';
import { Recorder, connectedClient, fixed, message, startServer, uniqueId, type LooseSocket, serverHarness } from './helpers';
import { waitFor } from '../support/wait';

describe('sessions', () => {
  const h = serverHarness();

  async function open(sessionId: string) {
    const socket = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(socket);
    return { socket, sessionId, recorder: new Recorder(socket) };
  }

  async function setup(options: ChatServerOptions = {}) {
    h.t = await startServer(options);
    return open(uniqueId('s'));
  }

  it('session-sync returns the responses after the given seq, oldest first, also to a new connection', async () => {
    const echo: Responder = async function* (m) {
      yield `re: ${m.text}`;
    };
    const { socket, sessionId, recorder } = await setup({ respond: echo });
    const sent = [message(sessionId, 'one'), message(sessionId, 'two'), message(sessionId, 'three')];
    for (const m of sent) await socket.emitWithAck('chat-message', m);
    await recorder.responseTo(sent[2]!.id);

    const sync = await socket.emitWithAck('session-sync', { sessionId, afterSeq: 1 });
    expect(sync.ok).toBe(true);
    const responses = sync.ok ? sync.responses : [];
    expect(responses.map((r) => [r.seq, r.replyTo, r.response])).toEqual([[2, sent[1]!.id, 're: two'], [3, sent[2]!.id, 're: three']]);
    expect(responses).toEqual(recorder.responses.slice(1));

    // A reload: a fresh socket of the same session catches up on everything.
    socket.disconnect();
    const { socket: again } = await open(sessionId);
    const all = await again.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(all.ok && all.responses.map((r) => r.seq)).toEqual([1, 2, 3]);
    const none = await again.emitWithAck('session-sync', { sessionId, afterSeq: 3 });
    expect(none).toEqual({ ok: true, responses: [] });
  });

  it('caps session-sync at limits.maxSyncResponses', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed('x'), limits: { maxSyncResponses: 2 } });
    const sent = [message(sessionId, 'a'), message(sessionId, 'b'), message(sessionId, 'c')];
    for (const m of sent) await socket.emitWithAck('chat-message', m);
    await recorder.responseTo(sent[2]!.id);
    const sync = await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(sync.ok && sync.responses.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('refuses bad session-sync requests', async () => {
    const { socket, sessionId } = await setup();
    const loose = socket as unknown as LooseSocket;
    expect(await loose.emitWithAck('session-sync', { sessionId, afterSeq: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('session-sync', { sessionId, afterSeq: -1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('session-sync')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await socket.emitWithAck('session-sync', { sessionId: 'other', afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('sends every socket of a session the chunks and the response, and no one else', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed('hello ', 'tabs') });
    const { recorder: secondTab } = await open(sessionId);
    const stranger = await open(uniqueId('s'));

    const m = message(sessionId, 'hi');
    await socket.emitWithAck('chat-message', m);
    const [a, b] = await Promise.all([recorder.responseTo(m.id), secondTab.responseTo(m.id)]);
    expect(b).toEqual(a);
    expect(secondTab.chunks.map((c) => c.delta)).toEqual(['hello ', 'tabs']);

    // The stranger's own answer arriving proves it was connected all along and got nothing else.
    const own = message(stranger.sessionId, 'me');
    await stranger.socket.emitWithAck('chat-message', own);
    await stranger.recorder.responseTo(own.id);
    expect(stranger.recorder.responses.map((r) => r.replyTo)).toEqual([own.id]);
    expect(stranger.recorder.chunks.every((c) => c.replyTo === own.id)).toBe(true);
  });

  it('gives the responder the session context overlaid with the message context, and the history', async () => {
    const seen: { context: ChatContext; history: readonly ChatResponse[] }[] = [];
    const respond: Responder = async (_m, ctx) => {
      seen.push({ context: ctx.context, history: ctx.history });
      return { response: 'noted' };
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const update = { sessionId, context: { platform: 'shopify', locale: 'en-US', currency: 'USD' } };
    expect(await socket.emitWithAck('context-update', update)).toEqual({ ok: true });

    const first = message(sessionId, 'a', { context: { locale: 'fr-FR', product: { id: '42' } } });
    await socket.emitWithAck('chat-message', first);
    await recorder.responseTo(first.id);
    const second = message(sessionId, 'b');
    await socket.emitWithAck('chat-message', second);
    await recorder.responseTo(second.id);

    expect(seen[0]?.context).toEqual({ platform: 'shopify', locale: 'fr-FR', currency: 'USD', product: { id: '42' } });
    expect(seen[0]?.history).toEqual([]);
    expect(seen[1]?.context).toEqual(update.context);
    expect(seen[1]?.history.map((r) => r.replyTo)).toEqual([first.id]);
  });

  it('refuses bad context updates and keeps the previous context', async () => {
    const seen: ChatContext[] = [];
    const respond: Responder = async (_m, ctx) => {
      seen.push(ctx.context);
      return { response: 'ok' };
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const loose = socket as unknown as LooseSocket;
    await socket.emitWithAck('context-update', { sessionId, context: { shop: 'a.example' } });
    const proto = JSON.parse(`{"sessionId":"${sessionId}","context":{"__proto__":{"polluted":true}}}`);
    expect(await loose.emitWithAck('context-update', proto)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('context-update', { sessionId, context: 'str' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('context-update', { sessionId, context: { big: 'x'.repeat(9000) } })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await socket.emitWithAck('context-update', { sessionId: 'other', context: {} })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const m = message(sessionId, 'what context?');
    await socket.emitWithAck('chat-message', m);
    await recorder.responseTo(m.id);
    expect(seen).toEqual([{ shop: 'a.example' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a message it cannot remember, retries reading a session until the store answers, and reports each once', async () => {
    class FlakyStore extends MemorySessionStore {
      down = new Set<string>();
      override async rememberMessage(sessionId: string, messageId: string) {
        if (this.down.has('remember')) throw new Error('redis down');
        return super.rememberMessage(sessionId, messageId);
      }
      contextFailures = 0;
      override async getContext(sessionId: string) {
        if (this.down.has('context')) {
          this.contextFailures += 1;
          throw new Error('redis down');
        }
        return super.getContext(sessionId);
      }
      override async responsesAfter(sessionId: string, afterSeq: number, limit: number) {
        if (this.down.has('sync')) throw new Error('redis down');
        return super.responsesAfter(sessionId, afterSeq, limit);
      }
    }
    const store = new FlakyStore();
    const { socket, sessionId, recorder } = await setup({ store, respond: fixed('ok') });

    store.down.add('remember');
    const refused = message(sessionId, 'a');
    expect(await socket.emitWithAck('chat-message', refused)).toMatchObject({ ok: false, id: refused.id, error: { code: 'unavailable' } });
    store.down.clear();

    // An acknowledged message whose session cannot be read yet is retried, not failed: once the
    // store answers again (a Redis restart), the answer goes out.
    store.down.add('context');
    const m = message(sessionId, 'b');
    expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    await waitFor(() => store.contextFailures >= 2, 'two failed reads of the session');
    store.down.clear();
    expect(await recorder.responseTo(m.id)).toMatchObject({ success: true, seq: 1, response: 'ok' });

    store.down.add('sync');
    expect(await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // One report for the refused message, one for the first failed read (its retries are not reported again), one for sync.
    expect(h.t!.errors.map((e) => e.where)).toEqual(['session store', 'reading a session (retrying)', 'session store']);
  });
});
