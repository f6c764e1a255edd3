// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type ChatResponse, type WidgetError, type WidgetOptions } from '../../src/index';
import { guideSocketServer, unifiedHttpServer, type StandIn } from '../support/own-backends';
import { sleep, waitFor } from '../support/wait';
import { tracked } from '../support/tracked';

const { servers, widgets } = tracked();

function widget(options: WidgetOptions) {
  const w = new AIDiscoveryWidget({ storage: 'memory', startOpen: true, reconnection: { initialDelayMs: 30, maxDelayMs: 100, maxAttempts: 10_000 }, ...options });
  widgets.push(w);
  const responses: ChatResponse[] = [];
  const errors: WidgetError[] = [];
  w.on('response', (r) => responses.push(r));
  w.on('error', (e) => errors.push(e));
  return { w, responses, errors };
}

async function track(server: Promise<StandIn>): Promise<StandIn> {
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
