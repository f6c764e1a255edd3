// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AIDiscoveryWidget } from '../../src/index';
import { createChatServer, type ChatServer } from '../../src/server/index';
import { findUnsafeDom, markDomBaseline } from '../support/dom-safety';
import { waitFor } from '../support/wait';
import { XSS_PAYLOADS, blocksCarrying, chunksOf, describeTag, payloadAt, squeeze, tagOf, type Slot } from '../support/xss-payloads';

/**
 * The fast counterpart of test/browser/xss.test.ts: the real widget (source, not the bundle) in
 * jsdom, over a real Socket.IO connection to the reference server, with every payload delivered
 * raw as response text, as chunks (checked mid-stream and after the final response), in every
 * block field, in authUrl and in error messages. The same DOM scan must find nothing, and jsdom
 * (which runs scripts here) must never call the sentinel.
 */

let server: ChatServer;
let widget: AIDiscoveryWidget;
const sentinel = vi.fn();
const n = XSS_PAYLOADS.length;
let seq = 0;

const root = () => document.querySelector('[data-ai-discovery]')!.shadowRoot!;
const all = (selector: string) => [...root().querySelectorAll(selector)];
const emit = (event: 'chat-response' | 'chat-response-chunk', payload: Record<string, unknown>) =>
  server.io.to(`session:${widget.sessionId}`).emit(event, { sessionId: widget.sessionId, ...payload } as never);
const respond = (payload: Record<string, unknown>) => emit('chat-response', { seq: ++seq, timestamp: Date.now(), ...payload });

/** Sends a plain answer and waits until it is shown: everything sent before it has been handled. */
async function settled(): Promise<void> {
  const marker = `All sent ${seq + 1}`;
  respond({ success: true, id: `done-${seq + 1}`, response: marker });
  await waitFor(() => all('.log .msg.assistant').some((m) => m.textContent?.includes(marker)), marker);
}

function missingText(rendered: Element[], slot: Slot): string[] {
  const squeezed = rendered.map((e) => squeeze(e.textContent ?? ''));
  return XSS_PAYLOADS.flatMap((payload, i) => {
    const tag = tagOf(i, slot);
    const wanted = payload.visible?.(tag) ?? [payload.make(tag)];
    return wanted.filter((w) => !squeezed.some((r) => r.includes(squeeze(w)))).map((w) => `${describeTag(tag)}: ${JSON.stringify(w)} not shown`);
  });
}

function missingExact(rendered: string[], slot: Slot): string[] {
  return XSS_PAYLOADS.flatMap((_, i) => (rendered.includes(payloadAt(i, slot)) ? [] : [`${describeTag(tagOf(i, slot))} not shown as is`]));
}

function expectNothingUnsafe(when: string): void {
  const found = [...findUnsafeDom(), ...sentinel.mock.calls.map(([tag]) => `XSS(${tag}) ran: ${describeTag(Number(tag))}`)];
  expect(found, `${when}:\n${found.join('\n')}`).toEqual([]);
}

// A fresh server and widget per test, so no test sees another's conversation.
beforeEach(async () => {
  sentinel.mockClear();
  seq = 0;
  (window as unknown as { XSS: typeof sentinel }).XSS = sentinel;
  server = createChatServer({ port: 0, host: '127.0.0.1', respond: async () => ({ response: 'ok' }), onError: () => {} });
  await server.ready;
  markDomBaseline();
  widget = new AIDiscoveryWidget({ socketUrl: `http://127.0.0.1:${server.port}`, transports: ['websocket'], startOpen: true, storage: 'memory', locale: 'en' });
  widget.mount();
  await waitFor(() => widget.status === 'connected', 'connected');
  await waitFor(() => root().querySelector('.panel .log'), 'the panel');
});

afterEach(async () => {
  widget?.destroy();
  await server?.close();
  delete (window as unknown as { XSS?: unknown }).XSS;
  expect(document.querySelector('[data-ai-discovery]')).toBeNull();
});

describe('XSS payloads against the widget in jsdom', () => {
  it('the scan catches what it is for', () => {
    const log = root().querySelector('.log')!;
    log.insertAdjacentHTML('beforeend', '<a class="planted" href="java&#10;script:XSS(1)" onclick="XSS(2)">x</a><math class="planted"></math>');
    const found = findUnsafeDom().join('\n');
    log.querySelectorAll('.planted').forEach((el) => el.remove());
    expect(found).toMatch(/onclick/);
    expect(found).toMatch(/scheme "javascript:"/);
    expect(found).toMatch(/foreign element <math/);
    expect(findUnsafeDom()).toEqual([]);
  });

  it('as response text, as error messages, and streamed in chunks (mid-stream and final)', async () => {
    XSS_PAYLOADS.forEach((_, i) => {
      respond({ success: true, id: `t-${i}`, response: payloadAt(i, 'text') });
      respond({ success: false, id: `e-${i}`, error: { code: 'internal', message: payloadAt(i, 'errorMessage') } });
      for (const piece of chunksOf(payloadAt(i, 'chunks'), i)) emit('chat-response-chunk', { id: `c-${i}`, replyTo: `q-${i}`, ...piece });
    });
    await settled();
    expect(all('.log [data-streaming="true"]')).toHaveLength(n);
    expectNothingUnsafe('text, errors and chunks mid-stream');
    expect(missingText(all('.log .msg.assistant:not(.error)'), 'text')).toEqual([]);
    expect(missingText(all('.log [data-streaming="true"]'), 'chunks')).toEqual([]);
    expect(missingExact(all('.log .msg.error .detail').map((e) => e.textContent ?? ''), 'errorMessage')).toEqual([]);

    XSS_PAYLOADS.forEach((_, i) => respond({ success: true, id: `c-${i}`, response: payloadAt(i, 'chunks') }));
    await settled();
    expect(all('.log [data-streaming]')).toHaveLength(0);
    expectNothingUnsafe('after the final responses');
    expect(missingText(all('.log .msg.assistant'), 'chunks')).toEqual([]);
  });

  it('in every string field of every block and in authUrl', async () => {
    XSS_PAYLOADS.forEach((_, i) => {
      respond({ success: true, id: `b-${i}`, response: `Blocks ${i}`, blocks: blocksCarrying(i, '/catalog-images/ew01.svg'), requiresAuth: true, authUrl: payloadAt(i, 'authUrl') });
    });
    await settled();
    expectNothingUnsafe('blocks');
    const text = (selector: string) => all(selector).map((e) => e.textContent ?? '');
    const attr = (selector: string, name: string) => all(selector).map((e) => e.getAttribute(name) ?? '');
    const chips = text('.log .chip');
    expect([
      ...missingExact(text('.log .card a'), 'productTitle'),
      ...missingExact(attr('.log .card img', 'alt'), 'productImageAlt'),
      ...missingExact(attr('.log img.block-image', 'alt'), 'imageAlt'),
      ...missingExact(chips, 'quickReplyLabel'),
      ...missingExact(chips, 'linkLabel'),
      ...missingExact(chips, 'loginLabel'),
      ...missingExact(chips, 'messageLabel'),
    ]).toEqual([]);
  });
});
