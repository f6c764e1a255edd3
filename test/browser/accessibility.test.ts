import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../examples/demo-server.mjs';
import type { Block, ChatMessage } from '../../src/protocol';
import { formatFindings, isSeriousOrCritical, runAxe, settleAnimations, type AxeFinding } from '../support/axe';
import { closeTestContext, launchChromium, newTestPage } from '../support/browser';

/**
 * axe-core in Chromium, on the demo store page with the built CDN bundle and the reference server,
 * in each state a shopper meets: open and empty, mid-stream, a failed answer, a failed connection,
 * and a complete answer with product cards, quick replies and actions. No serious or critical
 * violation may come from the widget (its host element and everything in its shadow root).
 *
 * axe runs on the whole document, so page-level rules see the widget in context; findings on the
 * store's own markup (examples/html-store) are the demo page's business, not the widget's, and are
 * not asserted here.
 */

let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** Holds the 'stream please' answer mid-stream until the test lets it finish. */
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
const holdNextStream = () => {
  gate = new Promise<void>((resolve) => (release = resolve));
};

const STREAMED = ['Here are ', 'three frames ', 'that suit ', 'a round face.'];
const RICH_TEXT = 'Three **frames** that suit a round face:';
const RICH_BLOCKS: Block[] = [
  {
    type: 'products',
    items: [
      { id: 'ew09', title: 'Harlow Round Frames', url: '/products/harlow-round-frames', price: { amount: 110, currency: 'USD' }, image: { url: '/catalog-images/ew09.svg', alt: 'Harlow Round Frames in tortoiseshell' }, variantId: 'ew09-tortoise' },
      { id: 'ew01', title: 'Clearview Blue Light Glasses', url: '/products/clearview-blue-light-glasses', price: { amount: 59, currency: 'USD' }, image: { url: '/catalog-images/ew01.svg' } },
      { id: 'ew05', title: 'Aviator Polarized Sunglasses', url: '/products/aviator-polarized-sunglasses', price: { amount: 129, currency: 'USD' }, image: { url: '/catalog-images/ew05.svg', alt: 'Aviator sunglasses' }, available: false },
    ],
  },
  { type: 'quick-replies', options: [{ label: 'Show cheaper ones', value: 'cheaper frames' }, { label: 'Sunglasses only', value: 'sunglasses' }] },
  {
    type: 'actions',
    items: [
      { kind: 'link', label: 'Size guide', url: '/size-guide' },
      { kind: 'login', label: 'Sign in for your prescription', url: '/login' },
      { kind: 'message', label: 'Talk about lenses', value: 'lens options' },
    ],
  },
];

async function* respond(message: ChatMessage): AsyncGenerator<string | Block> {
  switch (message.text) {
    case 'stream please':
      yield STREAMED[0]!;
      yield STREAMED[1]!;
      yield STREAMED[2]!;
      await gate;
      yield STREAMED[3]!;
      return;
    case 'fail please':
      throw new Error('the catalog is down');
    case 'rich please':
      yield RICH_TEXT;
      yield* RICH_BLOCKS;
      return;
    default:
      yield `You said: ${message.text}`;
  }
}

beforeAll(async () => {
  demo = await startDemoServer({ port: 0, chat: { respond, onError: () => {} } });
  browser = await launchChromium();
});

afterAll(async () => {
  release();
  await Promise.all(contexts.splice(0).map(closeTestContext));
  await browser?.close();
  await demo?.close();
});

const inShadow = (selector: string) => `[data-ai-discovery] >> css=${selector}`;

/** A fresh context on `path` of the demo server (the store page with the whole bundle unless told), with page errors collected. */
async function open(path = 'bundle.html'): Promise<{ page: Page; errors: string[] }> {
  // One shopper at a time: the previous test's is done with, and its context can be reused.
  await Promise.all(contexts.splice(0).map(closeTestContext));
  const page = await newTestPage(browser);
  contexts.push(page.context());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(demo.url + path);
  return { page, errors };
}

/** Opens the chat from the launcher, as a shopper does, and waits until the panel has settled. */
async function openPanel(page: Page): Promise<void> {
  await page.locator(inShadow('.launcher')).click();
  await page.locator(inShadow('.panel .log')).waitFor();
  await settleAnimations(page);
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.locator(inShadow('.composer input'));
  await input.fill(text);
  await input.press('Enter');
}

/** Runs axe and fails with the list (rule, impact, target) of serious or critical findings in the widget. */
async function expectNoSeriousViolations(page: Page, state: string): Promise<AxeFinding[]> {
  await settleAnimations(page);
  const findings = await runAxe(page);
  const widget = findings.filter((f) => f.inWidget && isSeriousOrCritical(f));
  expect(widget, `serious or critical axe violations in the ${state} state:\n${formatFindings(widget)}`).toEqual([]);
  return findings;
}

/** Starts recording every text the polite live region takes, and whether an answer was streaming at that moment. */
async function recordLiveRegion(page: Page): Promise<void> {
  await page.locator(inShadow('[aria-live="polite"]')).waitFor({ state: 'attached' });
  await page.evaluate(() => {
    const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
    const regions = root.querySelectorAll('[aria-live="polite"]');
    if (regions.length !== 1) throw new Error(`expected one polite live region, found ${regions.length}`);
    const region = regions[0]!;
    const log: { text: string; streaming: boolean }[] = [];
    (window as unknown as { __live: typeof log }).__live = log;
    new MutationObserver(() => {
      const text = region.textContent ?? '';
      if (log.at(-1)?.text !== text) log.push({ text, streaming: root.querySelector('[data-streaming="true"]') !== null });
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

const liveText = (page: Page) => page.locator(inShadow('[aria-live="polite"]')).evaluate((el) => el.textContent ?? '');
const liveLog = (page: Page) => page.evaluate(() => (window as unknown as { __live: { text: string; streaming: boolean }[] }).__live);

describe('accessibility of the widget in Chromium (axe-core)', () => {
  it('the check sees inside the shadow root: planted violations are attributed to the widget', async () => {
    const { page } = await open();
    await openPanel(page);
    await page.evaluate(() => {
      const log = document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelector('.log')!;
      log.insertAdjacentHTML('beforeend', '<button class="planted"></button><img class="planted" src="/catalog-images/ew01.svg">');
    });
    const findings = (await runAxe(page)).filter((f) => f.inWidget && isSeriousOrCritical(f));
    expect(findings.map((f) => f.rule).sort()).toEqual(['button-name', 'image-alt']);
    expect(findings.every((f) => f.target.startsWith('ai-discovery-widget') || f.target.includes('>>>'))).toBe(true);
  });

  it('open, empty conversation: a labelled launcher with expanded state, a labelled dialog, greeting and suggestions', async () => {
    const { page, errors } = await open();
    const launcher = page.locator(inShadow('.launcher'));
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await launcher.getAttribute('aria-label')).toBe('Open shopping assistant');
    expect(await page.getByRole('button', { name: 'Open shopping assistant' }).count()).toBe(1);

    await openPanel(page);
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await launcher.getAttribute('aria-label')).toBe('Close shopping assistant');
    const panelId = await page.locator(inShadow('.panel')).getAttribute('id');
    expect(panelId).toBeTruthy();
    expect(await launcher.getAttribute('aria-controls')).toBe(panelId);
    // The role engine computes accessible names the way assistive technology does.
    const dialog = page.getByRole('dialog', { name: 'Shopping assistant' });
    expect(await dialog.count()).toBe(1);
    expect(await dialog.isVisible()).toBe(true);
    // Focus went into the dialog.
    expect(await page.locator(inShadow('.composer input')).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await page.locator(inShadow('.log .msg.assistant')).textContent()).toMatch(/Tell me what you are looking for/);
    expect(await page.locator(inShadow('.log .chip')).count()).toBe(3);

    await expectNoSeriousViolations(page, 'open');
    expect(errors).toEqual([]);
  });

  it('mid-stream: checked while chunks arrive, and only the completed answer reaches the live region, once', async () => {
    const { page, errors } = await open();
    await openPanel(page);
    await recordLiveRegion(page);
    expect(await liveText(page)).toBe('');

    holdNextStream();
    await send(page, 'stream please');
    const streaming = page.locator(inShadow('.log [data-streaming="true"]'));
    await streaming.filter({ hasText: 'that suit' }).waitFor();
    const partial = STREAMED.slice(0, 3).join('').trim();
    expect(await liveText(page)).not.toContain('Here are');

    await expectNoSeriousViolations(page, 'streaming');
    // The check ran on the streaming state: the answer is still incomplete after it.
    expect(await streaming.count()).toBe(1);
    expect((await streaming.textContent())?.trim()).toContain(partial);
    expect(await streaming.textContent()).not.toContain('round face');
    expect(await liveText(page)).not.toContain('Here are');

    release();
    const full = STREAMED.join('');
    await page.locator(inShadow('.log .msg.assistant')).filter({ hasText: 'round face' }).waitFor();
    await expect.poll(() => liveText(page)).toContain(full);
    expect(await streaming.count()).toBe(0);

    // A second answer is announced in its turn; the first is not announced again.
    await send(page, 'hello there');
    await expect.poll(() => liveText(page)).toContain('You said: hello there');
    const log = await liveLog(page);
    expect(log.filter((entry) => entry.text.includes('Here are')).map((e) => e.text)).toEqual([`Assistant: ${full}`]);
    expect(log.filter((entry) => entry.text.includes('You said: hello there'))).toHaveLength(1);
    expect(log.filter((entry) => entry.streaming && entry.text !== '')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a failed answer: an error bubble, announced', async () => {
    const { page, errors } = await open();
    await openPanel(page);
    await recordLiveRegion(page);
    await send(page, 'fail please');
    const bubble = page.locator(inShadow('.log .msg.error'));
    await bubble.waitFor();
    expect(await bubble.getAttribute('role')).toBe('alert');
    expect(await bubble.textContent()).toContain('The assistant could not answer');
    await expectNoSeriousViolations(page, 'failed answer');
    await expect.poll(() => liveText(page)).toContain('The assistant could not answer');
    expect(errors).toEqual([]);
  });

  it('a failed connection: the banner with its retry button', async () => {
    // A port nothing listens on: connecting is refused at once.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { page, errors } = await open('bare.html');
    await page.evaluate((port) => {
      const g = (window as unknown as { AIDiscovery: { init(o: object): unknown } }).AIDiscovery;
      g.init({ socketUrl: `http://127.0.0.1:${port}`, transports: ['websocket'], startOpen: true, reconnection: { maxAttempts: 0 } });
    }, port);
    const banner = page.locator(inShadow('.status.failed'));
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute('role')).toBe('status');
    expect(await banner.textContent()).toContain('Could not reach the assistant.');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'failed connection');
    expect(errors).toEqual([]);
  });

  it('a complete answer with product cards, quick replies and actions', async () => {
    const { page, errors } = await open();
    await openPanel(page);
    await send(page, 'rich please');
    await page.locator(inShadow('.log .card')).nth(2).waitFor();
    await page.locator(inShadow('.log .chip')).filter({ hasText: 'Talk about lenses' }).waitFor();
    expect(await page.locator(inShadow('.log [data-streaming]')).count()).toBe(0);
    expect(await page.locator(inShadow('.log .card')).count()).toBe(3);
    await expectNoSeriousViolations(page, 'complete answer');
    expect(errors).toEqual([]);
  });
});
