// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type WidgetOptions } from '../../src/index';
import { guideSocketServer, streamingEvents, streamingSocketServer, unifiedHttpServer, type StandIn } from '../support/own-backends';
import { sleep, waitFor } from '../support/wait';
import { tracked } from '../support/tracked';
import { recorded } from '../support/recorded';

const { servers, widgets } = tracked();

function widget(options: WidgetOptions) {
  const w = new AIDiscoveryWidget({ storage: 'memory', startOpen: true, reconnection: { initialDelayMs: 30, maxDelayMs: 100, maxAttempts: 10_000 }, ...options });
  widgets.push(w);
  return recorded(w);
}

async function track<S extends StandIn>(server: Promise<S>): Promise<S> {
  const s = await server;
  servers.push(s);
  return s;
}

const shadow = () => document.querySelector('[data-ai-discovery]')!.shadowRoot!;
const entries = (w: AIDiscoveryWidget) => w.getSnapshot().conversation.entries;

describe("protocol 'legacy': the integration guide's Socket.IO server", () => {
  it('shows each answer once, matched to its question, and never resends what the server did not ack', async () => {
    const server = await track(guideSocketServer());
    const { w, responses, errors } = widget({ socketUrl: server.url, protocol: 'legacy', transports: ['websocket'], ackTimeoutMs: 100 });
    w.mount();
    server.log.hold = true;
    const sent = [await w.send('blue light glasses'), await w.send('red shoes')];
    // Several ack timeouts pass with no ack and no answer: v1 would have sent both again by now.
    await sleep(500);
    server.log.hold = false;
    server.log.held.splice(0).forEach((answer) => answer());
    await waitFor(() => responses.length === 2, 'both answers');
    expect(server.log.received).toEqual(['blue light glasses', 'red shoes']);
    expect(responses.map((r) => [r.replyTo, r.response])).toEqual([
      [sent[0]!.id, 'You asked about blue light glasses'],
      [sent[1]!.id, 'You asked about red shoes'],
    ]);
    expect(responses[0]!.timestamp).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await waitFor(() => shadow().querySelectorAll('.msg.assistant').length === 2, 'both answers on screen');
    expect(entries(w).filter((e) => e.kind === 'shopper').map((e) => e.kind === 'shopper' && e.state)).toEqual(['sent', 'sent']);
  });

  it("shows the guide's `{ success: false, error: 'text' }` as an error bubble", async () => {
    const server = await track(guideSocketServer());
    const { w, responses } = widget({ socketUrl: server.url, protocol: 'legacy', transports: ['websocket'] });
    w.mount();
    await w.send('please fail');
    await waitFor(() => responses.length === 1, 'the failure');
    expect(responses[0]).toMatchObject({ success: false, error: { code: 'internal', message: 'The AI provider is unavailable' } });
    await waitFor(() => shadow().querySelector('.msg.error'), 'an error bubble');
    expect(shadow().querySelector('.msg.error')!.textContent).toContain('The AI provider is unavailable');
  });

  it('across a restart: a queued message goes once, an unanswered one is failed for retry, not resent', async () => {
    const server = await track(guideSocketServer());
    const { w, responses } = widget({ socketUrl: server.url, protocol: 'legacy', transports: ['websocket'] });
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    server.log.hold = true;
    const inFlight = await w.send('lost in the crash');
    await waitFor(() => server.log.received.length === 1, 'the server to have it');
    await server.close();
    server.log.held.length = 0;
    await waitFor(() => entries(w).some((e) => e.kind === 'shopper' && e.id === inFlight.id && e.state === 'failed'), 'the unanswered message failed');
    const queued = w.send('asked while down');
    await server.start();
    server.log.hold = false;
    await queued;
    await waitFor(() => responses.length === 1, 'the queued message answered');
    expect(responses[0]!.response).toBe('You asked about asked while down');
    // The shopper presses retry: the lost message goes again, once, and is answered.
    (shadow().querySelector('.msg.shopper[data-state="failed"] button') as HTMLButtonElement).click();
    await waitFor(() => responses.length === 2, 'the retried message answered');
    expect(responses[1]).toMatchObject({ replyTo: inFlight.id, response: 'You asked about lost in the crash' });
    expect(server.log.received).toEqual(['lost in the crash', 'asked while down', 'lost in the crash']);
  });
});

describe('HTTP-only: only apiUrl, a unified /api/chat endpoint', () => {
  it('posts each message once and renders `{ success, response, provider, blocks }`', async () => {
    const server = await track(unifiedHttpServer());
    const { w, responses, errors } = widget({ apiUrl: `${server.url}/api/chat` });
    w.mount();
    const sent = await w.send('blue light glasses');
    await waitFor(() => responses.length === 1, 'the answer');
    expect(responses[0]).toMatchObject({ success: true, replyTo: sent.id, response: 'You asked about blue light glasses', provider: 'openai' });
    await waitFor(() => shadow().querySelectorAll('.card').length === 1, 'the product card');
    expect(w.status).toBe('connected');
    expect(server.log.received).toEqual(['blue light glasses']);
    expect(errors).toEqual([]);
  });

  it('shows a `500 { success: false, error }` as an error bubble, without posting it again', async () => {
    const server = await track(unifiedHttpServer());
    const { w, responses } = widget({ apiUrl: `${server.url}/api/chat` });
    w.mount();
    await w.send('please fail');
    await waitFor(() => shadow().querySelector('.msg.error'), 'an error bubble');
    expect(shadow().querySelector('.msg.error')!.textContent).toContain('The AI provider is unavailable');
    expect(responses).toHaveLength(1);
    expect(server.log.received).toEqual(['please fail']);
  });

  it('keeps what is written while the endpoint is down and posts it once when it is back', async () => {
    const server = await track(unifiedHttpServer());
    await server.close();
    const { w, responses } = widget({ apiUrl: `${server.url}/api/chat` });
    w.mount();
    const first = w.send('asked while down');
    const second = w.send('and a second thing');
    await waitFor(() => entries(w).some((e) => e.kind === 'shopper' && e.state === 'queued'), 'queued');
    await server.start();
    await Promise.all([first, second]);
    await waitFor(() => responses.length === 2, 'both answers');
    expect(responses.map((r) => r.response)).toEqual(['You asked about asked while down', 'You asked about and a second thing']);
    expect(server.log.received).toEqual(['asked while down', 'and a second thing']);
  });
});

describe("events: a backend's own vocabulary (chat:message in; chat:typing, chat:message:stream, chat:message:complete out)", () => {
  const answersTo = (w: AIDiscoveryWidget, id: string) => entries(w).filter((e) => e.kind === 'assistant' && e.replyTo === id);

  it('streams the answer as it is written, then finishes it; a repeated completion is shown once; nothing is resent', async () => {
    const server = await track(streamingSocketServer());
    server.repeatComplete = true;
    const { w, responses, errors } = widget({ socketUrl: server.url, events: streamingEvents(), transports: ['websocket'], ackTimeoutMs: 100 });
    w.mount();
    server.log.hold = true;
    const sent = await w.send('red shoes');
    await waitFor(() => answersTo(w, sent.id).some((e) => e.kind === 'assistant' && e.streaming && e.text === 'You asked about red shoes'), 'the streamed answer');
    expect(w.getSnapshot().conversation.agentTyping).toBe(true);
    // Several ack timeouts pass: the backend never acks, and the message must not go again.
    await sleep(400);
    server.log.hold = false;
    server.log.held.splice(0).forEach((answer) => answer());
    await waitFor(() => responses.length === 1 && !w.getSnapshot().conversation.agentTyping, 'the completion');
    await sleep(100);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ success: true, replyTo: sent.id, response: 'You asked about red shoes' });
    expect(answersTo(w, sent.id)).toMatchObject([{ streaming: false, text: 'You asked about red shoes' }]);
    expect(server.log.received).toEqual(['red shoes']);
    expect(errors).toEqual([]);
    await w.send('please fail');
    await waitFor(() => shadow().querySelector('.msg.error'), 'an error bubble');
    expect(responses[1]).toMatchObject({ success: false, error: { code: 'internal', message: 'The AI provider is unavailable' } });
  });

  it('without the id in its events, answers go to the oldest unanswered message', async () => {
    const server = await track(streamingSocketServer());
    const { w, responses } = widget({ socketUrl: server.url, events: streamingEvents({ echoId: false }), transports: ['websocket'] });
    w.mount();
    const first = await w.send('blue light glasses');
    await waitFor(() => responses.length === 1, 'the first answer');
    const second = await w.send('red shoes');
    await waitFor(() => responses.length === 2, 'the second answer');
    expect(responses.map((r) => [r.replyTo, r.response])).toEqual([
      [first.id, 'You asked about blue light glasses'],
      [second.id, 'You asked about red shoes'],
    ]);
  });

  it('a mapper that throws or returns what is not an answer costs an error event, and the message still gets its answer', async () => {
    const server = await track(streamingSocketServer());
    server.repeatComplete = true;
    const events = streamingEvents();
    const complete = events.on['chat:message:complete']!;
    let calls = 0;
    // Each question's first completion is mapped wrongly (a different way each time); its repeat right.
    const wrong = [() => { throw new Error('no content field'); }, () => ({ type: 'answer' }), () => ({ type: 'response', success: 'yes' })];
    events.on['chat:message:complete'] = (p) => (calls++ % 2 === 0 ? wrong[(calls - 1) / 2]!() as never : complete(p));
    events.on['chat:typing'] = () => ({ type: 'typing', typing: 'yes' }) as never;
    const { w, responses, errors } = widget({ socketUrl: server.url, events, transports: ['websocket'] });
    w.mount();
    for (let i = 0; i < 3; i++) {
      const sent = await w.send(`question ${i}`);
      await waitFor(() => responses.some((r) => r.replyTo === sent.id), `answer ${i}`);
    }
    expect(responses.map((r) => r.response)).toEqual(['You asked about question 0', 'You asked about question 1', 'You asked about question 2']);
    const malformed = errors.filter((e) => e.code === 'malformed').map((e) => `${e.message} ${String(e.detail)}`);
    expect(malformed.some((m) => m.includes('chat:message:complete') && m.includes('no content field'))).toBe(true);
    expect(malformed.some((m) => m.includes('type: expected'))).toBe(true);
    expect(malformed.some((m) => m.includes('success'))).toBe(true);
    expect(malformed.some((m) => m.includes('chat:typing'))).toBe(true);
    expect(server.log.received).toEqual(['question 0', 'question 1', 'question 2']);
  });

  it('a payload mapper that throws fails that message (code invalid) and sends nothing', async () => {
    const server = await track(streamingSocketServer());
    const events = { ...streamingEvents(), payload: () => { throw new Error('no cart yet'); } };
    const { w } = widget({ socketUrl: server.url, events, transports: ['websocket'] });
    w.mount();
    await expect(w.send('red shoes')).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('no cart yet') });
    expect(server.log.received).toEqual([]);
  });

  it('across a restart: a half-written answer is failed for retry, not resent; the retry streams afresh; what waited goes once', async () => {
    const server = await track(streamingSocketServer());
    const { w, responses } = widget({ socketUrl: server.url, events: streamingEvents(), transports: ['websocket'] });
    w.mount();
    server.log.hold = true;
    const inFlight = await w.send('lost in the crash');
    await waitFor(() => answersTo(w, inFlight.id).some((e) => e.kind === 'assistant' && e.text === 'You asked about lost in the crash'), 'half an answer');
    await server.close();
    server.log.held.length = 0;
    await waitFor(() => entries(w).some((e) => e.kind === 'shopper' && e.id === inFlight.id && e.state === 'failed'), 'the unanswered message failed');
    const queued = w.send('asked while down');
    await server.start();
    await queued;
    server.log.held.splice(0).forEach((answer) => answer());
    server.log.hold = false;
    await waitFor(() => responses.length === 1, 'the queued message answered');
    expect(responses[0]!.response).toBe('You asked about asked while down');
    server.log.hold = true;
    (await waitFor(() => shadow().querySelector<HTMLButtonElement>('.msg.shopper[data-state="failed"] button'), 'the retry button')).click();
    // The retry's own stream is shown as it comes, in place of the half answer from before the crash.
    await waitFor(() => answersTo(w, inFlight.id).some((e) => e.kind === 'assistant' && e.streaming), 'the retry streaming');
    expect(answersTo(w, inFlight.id)).toHaveLength(1);
    server.log.held.splice(0).forEach((answer) => answer());
    await waitFor(() => responses.length === 2, 'the retried message answered');
    expect(responses[1]).toMatchObject({ replyTo: inFlight.id, response: 'You asked about lost in the crash' });
    expect(answersTo(w, inFlight.id)).toHaveLength(1);
    expect(server.log.received).toEqual(['lost in the crash', 'asked while down', 'lost in the crash']);
  });

  it('acks: true: delivered on the ack; a message whose ack is lost goes again with its id, and its answer is shown once', async () => {
    const server = await track(streamingSocketServer());
    server.dropAcks = 1;
    const { w, responses } = widget({ socketUrl: server.url, events: { ...streamingEvents(), acks: true }, transports: ['websocket'], ackTimeoutMs: 200 });
    const states: string[] = [];
    w.on('message', (m) => states.push(m.state));
    w.mount();
    const sent = await w.send('red shoes');
    await waitFor(() => responses.length === 1, 'the answer');
    await sleep(200);
    // The backend does not drop repeats, so it answered both copies: one answer is shown.
    expect(server.log.received).toEqual(['red shoes', 'red shoes']);
    expect(responses).toMatchObject([{ replyTo: sent.id, response: 'You asked about red shoes' }]);
    expect(answersTo(w, sent.id)).toHaveLength(1);
    expect(states).toEqual(['queued', 'sending', 'queued', 'sending', 'sent']);
  });

  it('misuse throws at once, saying what to write', () => {
    expect(() => new AIDiscoveryWidget({ events: { on: { x: 'y' as never } } })).toThrow(/events\.on\["x"\] must be a function/);
    expect(() => new AIDiscoveryWidget({ events: streamingEvents(), protocol: 'legacy' })).toThrow(/events replaces protocol/);
    expect(() => new AIDiscoveryWidget({ events: { send: '', on: {} } })).toThrow(/events\.send must be an event name/);
    expect(() => new AIDiscoveryWidget({ events: { on: { disconnect: () => null } } })).toThrow(/events\.on cannot map "disconnect"/);
    expect(() => new AIDiscoveryWidget({ events: { send: 'connect', on: {} } })).toThrow(/events\.send cannot be "connect"/);
  });
});
