// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type ChatResponse } from '../../src/index';
import { MemoryStorage } from '../../src/storage/key-value';
import { catalogResponder, createChatServer, type ChatServer } from '../../src/server/index';
import { waitFor } from '../support/wait';

// Node's BroadcastChannel connects these widgets the way a browser connects two tabs of one
// origin; jsdom has no Web Locks, so this runs the fallback where every tab leads (the Chromium
// test covers the lock).
let server: ChatServer | undefined;
const widgets: AIDiscoveryWidget[] = [];
afterEach(async () => {
  widgets.splice(0).forEach((w) => w.destroy());
  await server?.close();
  document.body.replaceChildren();
});

describe('several tabs of one store', () => {
  it('mirror one conversation and one unread count; the server answers each message once', async () => {
    const answered: string[] = [];
    const respond = catalogResponder({ wordDelayMs: 1 });
    server = createChatServer({ port: 0, host: '127.0.0.1', respond: (m, ctx) => (answered.push(m.id), respond(m, ctx)) });
    await server.ready;
    const storage = new MemoryStorage();
    const tab = () => {
      const w = new AIDiscoveryWidget({ socketUrl: `http://127.0.0.1:${server!.port}`, transports: ['websocket'], storage });
      widgets.push(w);
      const responses: ChatResponse[] = [];
      w.on('response', (r) => responses.push(r));
      return { w, responses };
    };
    const a = tab();
    a.w.mount();
    const b = tab();
    b.w.mount();
    expect(b.w.sessionId).toBe(a.w.sessionId);
    await waitFor(() => a.w.status === 'connected' && b.w.status === 'connected', 'both connected');

    await a.w.send('sunglasses');
    await waitFor(() => a.responses.length === 1 && b.responses.length === 1, 'the answer in both tabs');
    await b.w.send('lipstick');
    await waitFor(() => a.responses.length === 2 && b.responses.length === 2, 'the second answer in both tabs');

    const view = (w: AIDiscoveryWidget) => w.getSnapshot().conversation.entries.map((e) => [e.kind, e.id, e.kind === 'shopper' ? e.state : '']);
    await waitFor(() => JSON.stringify(view(a.w)) === JSON.stringify(view(b.w)), 'the same conversation in both');
    expect(view(a.w).filter(([kind]) => kind === 'shopper').map(([, , state]) => state)).toEqual(['sent', 'sent']);
    expect(answered).toHaveLength(2);
    expect(new Set(answered).size).toBe(2);

    // Both were closed, so both count the two answers; reading in one tab clears both.
    expect([a.w.getSnapshot().unread, b.w.getSnapshot().unread]).toEqual([2, 2]);
    a.w.open();
    await waitFor(() => b.w.getSnapshot().unread === 0, 'the other tab to clear its badge');
  });

  it('a lone tab posts nothing but its hello; a tab that says hello gets what it may have missed, then everything', async () => {
    server = createChatServer({ port: 0, host: '127.0.0.1', respond: catalogResponder({ wordDelayMs: 1 }) });
    await server.ready;
    const sessionId = 'tabs-hello-1';
    const socketUrl = `http://127.0.0.1:${server.port}`;
    const heard: { t: string; entry?: { text: string } }[] = [];
    const listener = new BroadcastChannel(`ai-discovery:${socketUrl}:${sessionId}`);
    listener.onmessage = (event) => heard.push(event.data);
    try {
      const a = new AIDiscoveryWidget({ socketUrl, sessionId, transports: ['websocket'], storage: 'memory' });
      widgets.push(a);
      a.mount();
      await a.send('sunglasses');
      await a.send('lipstick');
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.map((m) => m.t)).toEqual(['hello']);

      // Another tab, whose storage holds none of it (a different profile of storage, or a read
      // made just before these were written): the hello brings the messages over.
      const b = new AIDiscoveryWidget({ socketUrl, sessionId, transports: ['websocket'], storage: 'memory' });
      widgets.push(b);
      b.mount();
      const shopper = (w: AIDiscoveryWidget) => w.getSnapshot().conversation.entries.flatMap((e) => (e.kind === 'shopper' ? [`${e.text}:${e.state}`] : []));
      await waitFor(() => shopper(b).length === 2, 'the messages in the new tab');
      expect(shopper(b)).toEqual(['sunglasses:sent', 'lipstick:sent']);
      await a.send('hats');
      await waitFor(() => shopper(b).length === 3, 'the next message mirrored live');
      expect(heard.some((m) => m.t === 'shopper' && m.entry?.text === 'hats')).toBe(true);
    } finally {
      listener.close();
    }
  });
});
