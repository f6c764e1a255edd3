// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type WidgetOptions } from '../../src/index';
import type { HandoffState, ShopperPresence } from '../../src/protocol/handoff';
import type { HandoffLoader } from '../../src/widget/handoff-host';
import { ManualTimers } from '../support/fake-env';
import { handoffServer, type HandoffStandInOptions } from '../support/handoff-server';
import { recorded } from '../support/recorded';
import { tracked } from '../support/tracked';
import { waitFor } from '../support/wait';

const { servers, widgets } = tracked();

async function standIn(options: HandoffStandInOptions = {}) {
  const server = await handoffServer(options);
  servers.push(server);
  return server;
}

/** A widget on the stand-in with hand-driven timers, counting loads of the hand-off chunk. */
function widget(url: string, extra: WidgetOptions = {}) {
  const timers = new ManualTimers();
  const loads = { count: 0 };
  const loadHandoff: HandoffLoader = () => {
    loads.count++;
    return import('../../src/widget/handoff-runtime');
  };
  const w = new AIDiscoveryWidget({ socketUrl: url, transports: ['websocket'], storage: 'memory', environment: { timers }, loadHandoff, ...extra });
  widgets.push(w);
  const r = recorded(w);
  const states: HandoffState[] = [];
  const presence: ShopperPresence[] = [];
  w.on('handoff', (s) => states.push(s));
  w.on('presence', (p) => presence.push(p));
  return { ...r, timers, loads, states, presence };
}

const root = () => document.querySelector('[data-ai-discovery]')!.shadowRoot!;
const button = () => root().querySelector<HTMLButtonElement>('[part="handoff-button"]');

describe('talking to a person, against a server with the hand-off extension', () => {
  it('loads the hand-off chunk on the first presence, shows availability and the button, and asks once', async () => {
    const server = await standIn({ presence: { available: true, expectedWaitMs: 180_000 }, expectedWaitMs: 180_000 });
    const { w, loads, presence, states } = widget(server.url, { startOpen: true });
    w.mount();
    await waitFor(() => presence.length === 1, 'presence');
    expect(presence[0]).toEqual({ available: true, expectedWaitMs: 180_000 });
    expect(loads.count).toBe(1);
    await waitFor(button, 'the button');
    expect(root().querySelector('[part="handoff-presence"]')!.textContent).toBe('A person is available');
    button()!.click();
    button()?.click();
    await waitFor(() => states.length === 1, 'the handoff state');
    expect(states[0]!.mode).toBe('waiting');
    expect(server.log.requests).toHaveLength(1);
    await waitFor(() => root().querySelector('[data-mode="waiting"]'), 'the wait state');
    expect(root().querySelector('[data-mode="waiting"]')!.textContent).toBe('A team member will reply here. Expected wait: 3 minutes.');
    expect(button()).toBe(null);
  });

  it('takes `awaiting: operator` acks as sent and does not watch for an automatic answer', async () => {
    const server = await standIn();
    const { w, timers, states, responses } = widget(server.url);
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    // In assistant mode an acked message is watched: the answer check waits 15 s.
    await w.send('glasses');
    await waitFor(() => responses.length === 1, 'the answer');
    server.claim(w.sessionId!, 'Maya');
    await waitFor(() => states.at(-1)?.mode === 'operator', 'operator mode');
    const before = timers.requested.length;
    await w.send('are you a person?');
    expect(timers.requested.slice(before)).not.toContain(15_000);
    expect([...timers.pending.values()].map((t) => t.ms)).not.toContain(15_000);
  });

  it('renders an operator reply under their name, kept across a reload, and names them when they type', async () => {
    const server = await standIn();
    const storage = new Map<string, string>();
    const store = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) };
    const first = widget(server.url, { startOpen: true, storage: store });
    first.w.mount();
    await waitFor(button, 'the button');
    button()!.click();
    await waitFor(() => first.states.length === 1, 'waiting');
    server.claim(first.w.sessionId!, 'Maya <b>');
    server.typing(first.w.sessionId!, 'Maya <b>', true);
    await waitFor(() => root().querySelector('.typing .who'), 'the typing line');
    expect(root().querySelector('.typing .who')!.textContent).toBe('Maya <b> is typing…');
    server.reply(first.w.sessionId!, 'Maya <b>', 'Hello, **I can help**');
    await waitFor(() => first.responses.length === 1, 'the reply');
    expect(first.responses[0]!.author).toEqual({ kind: 'operator', name: 'Maya <b>' });
    await waitFor(() => root().querySelector('.msg .author'), 'the name label');
    expect(root().querySelector('.msg .author')!.textContent).toBe('Maya <b>');
    expect(root().querySelector('.msg .author b')).toBe(null);
    expect(root().querySelector('.msg.assistant strong')!.textContent).toBe('I can help');
    expect(root().querySelector('.typing')).toBe(null);
    expect(root().querySelector('[data-mode="operator"]')!.textContent).toBe('You are talking with Maya <b>.');

    // The page is reloaded: the reply comes from storage with its name, the state from session-sync.
    first.w.destroy();
    const second = widget(server.url, { startOpen: true, storage: store });
    second.w.mount();
    await waitFor(() => second.states.at(-1)?.mode === 'operator', 'the restored state');
    await waitFor(() => root().querySelector('[data-mode="operator"]'), 'the restored line');
    expect(root().querySelector('.msg .author')!.textContent).toBe('Maya <b>');

    server.handBack(second.w.sessionId!);
    await waitFor(() => root().querySelector('[data-mode="assistant"]'), 'back to the assistant');
    expect(root().querySelector('[data-mode="assistant"] p')!.textContent).toBe('You are back with the assistant.');
    expect(button()).not.toBe(null);
  });

  it('asks for an email outside opening hours: refused inline when invalid, retried on a transient error, then "we will reply by email"', async () => {
    const server = await standIn({ open: false });
    const { w, timers, errors } = widget(server.url, { startOpen: true });
    w.mount();
    await waitFor(button, 'the button');
    button()!.click();
    const form = await waitFor(() => root().querySelector<HTMLFormElement>('[part="handoff-contact"]'), 'the email form');
    const submit = (value: string) => {
      form.querySelector('input')!.value = value;
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    };
    submit('not an address');
    await waitFor(() => form.querySelector('[role="alert"]'), 'the inline error');
    expect(form.querySelector('[role="alert"]')!.textContent).toBe('Please enter a valid email address, like name@example.com.');
    expect(server.log.contacts).toEqual([]);

    server.log.failContacts = { code: 'unavailable', times: 1 };
    submit('shopper@example.com');
    await waitFor(() => server.log.contacts.length === 1, 'the first try');
    await waitFor(() => [...timers.pending.values()].some((t) => t.ms === 1), 'the retry timer');
    const [id, retry] = [...timers.pending].find(([, t]) => t.ms === 1)!;
    timers.pending.delete(id);
    retry.callback();
    await waitFor(() => root().querySelector('[part="handoff-contact-left"]'), 'the confirmation');
    expect(server.log.contacts).toEqual(['shopper@example.com', 'shopper@example.com']);
    expect(root().querySelector('[part="handoff-contact"]')).toBe(null);
    expect(root().querySelector('[part="handoff-contact-left"]')!.textContent).toBe("We'll reply by email.");
    expect(errors).toEqual([]);
  });

  it('keeps a request made offline and sends it, with the same id, once connected again', async () => {
    const server = await standIn();
    const { w, states } = widget(server.url, { startOpen: true });
    w.mount();
    await waitFor(button, 'the button');
    await server.close();
    await waitFor(() => w.status !== 'connected', 'disconnected');
    button()!.click();
    await waitFor(() => root().querySelector('[data-mode="assistant"] p'), 'the queued line');
    expect(root().querySelector('[data-mode="assistant"] p')!.textContent).toBe('You are offline. A person will be asked for as soon as you are back online.');
    await server.start();
    w.reconnect();
    await waitFor(() => states.at(-1)?.mode === 'waiting', 'waiting');
    expect(server.log.requests).toHaveLength(1);
  });

  it('sends `seen` with the highest seq shown while the panel is open', async () => {
    const server = await standIn();
    const { w, responses, presence } = widget(server.url);
    w.mount();
    await waitFor(() => presence.length === 1, 'presence');
    server.reply(w.sessionId!, 'Maya', 'one');
    server.reply(w.sessionId!, 'Maya', 'two');
    await waitFor(() => responses.length === 2, 'the replies');
    expect(server.log.seen).toEqual([]);
    w.open();
    await waitFor(() => server.log.seen.length > 0, 'seen');
    expect(server.log.seen).toEqual([2]);
  });
});

describe('a server without the hand-off extension', () => {
  it('never loads the hand-off chunk and shows no button', async () => {
    const server = await standIn({ extension: false });
    const { w, loads, responses } = widget(server.url, { startOpen: true });
    w.mount();
    await w.send('hello');
    await waitFor(() => responses.length === 1, 'the answer');
    await waitFor(() => root().querySelector('.composer'), 'the panel');
    expect(loads.count).toBe(0);
    expect(button()).toBe(null);
  });
});
