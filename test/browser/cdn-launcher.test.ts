import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/*
 * The launcher (dist/cdn/launcher.js), built, in Chromium against the demo server: the button at
 * once, the widget's code only when the shopper heads for it or the page has been loaded for a
 * while. Idle callbacks are held by the test and the bundle's response can be held too, so
 * "before the widget" is a state the test chooses, never a race it hopes to win. The last tests
 * open the demo store page at `/` as `npm start` serves it: the install merchants copy.
 */

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const VERSIONED = `/dist/cdn/${VERSION}/ai-discovery.js`;
const PANEL = `/dist/cdn/${VERSION}/ai-discovery.panel.js`;
const EARLY = '[data-ai-discovery][data-early]';
const WIDGET = '[data-ai-discovery]:not([data-early])';

const stack = demoInChromium();

type PageWindow = { __idle: (() => void)[]; __ready: { status: string }[]; __shifts: { value: number; ours: boolean }[] };

interface TestPage {
  page: Page;
  errors: string[];
  /** Paths of the requests the page made, in order. */
  requests: string[];
  /** Paths of the WebSockets the page opened. */
  sockets: string[];
  /** Runs the idle callbacks the page has asked for so far. */
  runIdle: () => Promise<void>;
  /** Lets the held bundle response go. */
  release: () => void;
}

/** Opens a demo page with idle callbacks held, layout shifts recorded and, if asked, the bundle held. */
/** Presses the early launcher, checks its panel's field took the focus, and sends `text` from it. */
async function pressEarlyAndSend(page: Page, text: string): Promise<void> {
  await page.locator(`${EARLY} >> css=.launcher`).click();
  const field = page.locator(`${EARLY} >> css=.early input`);
  await field.waitFor();
  expect(await field.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function openPage(path: string, holdBundle = false): Promise<TestPage> {
  const page = await newTestPage(stack.browser);
  const errors: string[] = [];
  const requests: string[] = [];
  const sockets: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  let release = () => {};
  if (holdBundle) {
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**${VERSIONED}`, async (route) => {
      await held;
      await route.continue();
    });
  }
  await page.addInitScript(() => {
    const w = window as unknown as PageWindow;
    w.__idle = [];
    w.__ready = [];
    w.__shifts = [];
    window.requestIdleCallback = (task) => w.__idle.push(() => task({ didTimeout: false, timeRemaining: () => 50 }));
    document.addEventListener('ai-discovery:ready', (e) => w.__ready.push((e as CustomEvent).detail));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; sources?: { node?: Node | null }[] })[]) {
        const ours = (entry.sources ?? []).some((s) => s.node?.getRootNode() instanceof ShadowRoot || (s.node instanceof Element && s.node.closest('[data-ai-discovery]')));
        w.__shifts.push({ value: entry.value, ours });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(stack.demo.url + path);
  return {
    page,
    errors,
    requests,
    sockets,
    runIdle: () => page.evaluate(() => (window as unknown as PageWindow).__idle.splice(0).forEach((task) => task())),
    release: () => release(),
  };
}

/** What the page fetched of ours: the widget's files and its chat server's. */
const ours = (t: TestPage) => [...t.requests, ...t.sockets].filter((p) => p.startsWith('/dist/') || p.startsWith('/socket.io/'));
const connected = (page: Page) => page.waitForFunction(() => (window as unknown as PageWindow).__ready[0]?.status === 'connected');
const hosts = (page: Page) => page.evaluate(() => ({ all: document.querySelectorAll('[data-ai-discovery]').length, early: document.querySelectorAll('[data-early]').length }));

describe('the launcher in Chromium', () => {
  it('draws the button in a shadow root at once and fetches no widget code, even when the page is idle, until the pointer heads for it', async () => {
    const t = await openPage('cdn-checks/launcher.html');
    await t.page.waitForLoadState('networkidle');
    await t.runIdle();
    await t.page.waitForLoadState('networkidle');
    const drawn = await t.page.evaluate((selector) => {
      const host = document.querySelector(selector)!;
      const button = host.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
      // Only what draws the button: the early panel and its rules wait for the first press.
      const parts = [...host.shadowRoot!.querySelectorAll('*')].filter((el) => !(el instanceof SVGElement)).map((el) => el.localName);
      return { tag: host.localName, shadow: host.shadowRoot!.mode, label: button.getAttribute('aria-label'), expanded: button.getAttribute('aria-expanded'), parts, sheets: host.shadowRoot!.adoptedStyleSheets.length };
    }, EARLY);
    expect(drawn).toEqual({ tag: 'ai-discovery-widget', shadow: 'open', label: 'Open shopping assistant', expanded: 'false', parts: ['div', 'button'], sheets: 1 });
    expect(t.requests).toContain('/dist/cdn/launcher.js');
    expect(t.requests.filter((p) => p.startsWith('/dist/cdn/') && p !== '/dist/cdn/launcher.js')).toEqual([]);
    expect(t.requests.some((p) => p.startsWith('/socket.io/'))).toBe(false);

    await t.page.locator(`${EARLY} >> css=.launcher`).hover();
    await connected(t.page);
    expect(t.requests.filter((p) => p === VERSIONED)).toHaveLength(1);
    // The widget's button took the early one's place: one host, its launcher where the other was.
    expect(await hosts(t.page)).toEqual({ all: 1, early: 0 });
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('the widget takes over without moving anything: the same box for the button, no layout shift, and keyboard focus goes with it', async () => {
    const t = await openPage('cdn-checks/launcher.html');
    await t.page.waitForLoadState('networkidle');
    const paragraph = await t.page.locator('p').first().boundingBox();
    const before = await t.page.locator(`${EARLY} >> css=.launcher`).boundingBox();
    // Keyboard focus on the button is a touch too: the widget loads and the focus stays on its button.
    await t.page.locator(`${EARLY} >> css=.launcher`).focus();
    await connected(t.page);
    expect(await hosts(t.page)).toEqual({ all: 1, early: 0 });
    const after = await t.page.locator(`${WIDGET} >> css=.launcher`).boundingBox();
    expect(after).toEqual(before);
    expect(await t.page.locator('p').first().boundingBox()).toEqual(paragraph);
    expect(await t.page.evaluate((selector) => document.querySelector(selector)!.shadowRoot!.activeElement?.className, WIDGET)).toBe('launcher');
    expect(await t.page.evaluate(() => (window as unknown as PageWindow).__shifts)).toEqual([]);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('a press before the widget has loaded opens a panel at once; what the shopper sent and typed there reaches the widget\'s panel', async () => {
    const t = await openPage('cdn-checks/launcher.html', true);
    await t.page.waitForLoadState('networkidle');
    await pressEarlyAndSend(t.page, 'blue light glasses');
    await t.page.keyboard.type('and a case');
    // The bundle was asked for at the press and is still on its way.
    expect(t.requests).toContain(VERSIONED);
    expect(await hosts(t.page)).toEqual({ all: 1, early: 1 });

    t.release();
    const input = t.page.locator(`${WIDGET} >> css=.composer input`);
    await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe('and a case');
    expect(await hosts(t.page)).toEqual({ all: 1, early: 0 });
    // The focus came along: the shopper goes on typing into the widget's field.
    await t.page.keyboard.type(' too');
    expect(await input.inputValue()).toBe('and a case too');
    await t.page.locator(`${WIDGET} >> css=.msg.shopper`).filter({ hasText: 'blue light glasses' }).waitFor();
    await t.page.locator(`${WIDGET} >> css=.card`).first().waitFor({ timeout: 15_000 });
    expect(t.requests).toContain(PANEL);
    expect(await t.page.evaluate(() => (window as unknown as PageWindow).__shifts.filter((s) => s.ours))).toEqual([]);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('a press the widget interrupts (down on the early button, up on the widget\'s) still opens the chat; one dragged off the button does not', async () => {
    for (const releasedOver of ['the button', 'the page'] as const) {
      const t = await openPage('cdn-checks/launcher.html', true);
      await t.page.waitForLoadState('networkidle');
      const box = (await t.page.locator(`${EARLY} >> css=.launcher`).boundingBox())!;
      await t.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await t.page.mouse.down();
      // The widget arrives while the button is held down, and takes its place.
      t.release();
      await t.page.waitForFunction(() => (window as unknown as PageWindow).__ready.length > 0);
      expect(await hosts(t.page)).toEqual({ all: 1, early: 0 });
      if (releasedOver === 'the page') await t.page.mouse.move(box.x - 200, box.y - 200);
      await t.page.mouse.up();
      const launcher = t.page.locator(`${WIDGET} >> css=.launcher`);
      if (releasedOver === 'the button') {
        await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
        await t.page.locator(`${WIDGET} >> css=.composer input`).waitFor();
      } else {
        // Long enough for a deferred open to have shown.
        await t.page.waitForTimeout(300);
        expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      }
      expect(t.errors).toEqual([]);
      await closeTestPage(t.page);
    }
  });

  it('loads the widget when the page has been idle for its budget, untouched (data-load-after-ms)', async () => {
    const t = await openPage('cdn-checks/launcher-budget.html');
    await t.page.waitForLoadState('load');
    // The budget (0 ms after load) has passed; the load waits for the browser's next idle period.
    await t.page.waitForFunction(() => (window as unknown as PageWindow).__idle.length > 0);
    expect(t.requests).not.toContain(VERSIONED);
    await t.runIdle();
    await connected(t.page);
    expect(await hosts(t.page)).toEqual({ all: 1, early: 0 });
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });
});

describe('the demo store page, as `npm start` serves it at /', () => {
  it('loads the launcher and nothing else of ours before the first touch, even when the page is idle: no bundle, no panel, no socket', async () => {
    const t = await openPage('');
    await t.page.waitForLoadState('networkidle');
    await t.runIdle();
    await t.page.waitForLoadState('networkidle');
    expect(await t.page.evaluate(() => [...document.scripts].map((s) => s.getAttribute('src')))).toEqual(['/dist/cdn/launcher.js']);
    await t.page.locator(`${EARLY} >> css=.launcher`).waitFor();
    expect(await hosts(t.page)).toEqual({ all: 1, early: 1 });
    expect(ours(t)).toEqual(['/dist/cdn/launcher.js']);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('a press opens the chat at once, and a message sent from it right away gets the assistant\'s answer', async () => {
    const t = await openPage('', true);
    await t.page.waitForLoadState('networkidle');
    // Open, with its field focused, while the bundle the touch asked for is still held.
    await pressEarlyAndSend(t.page, 'blue light glasses');
    expect(ours(t)).toEqual(['/dist/cdn/launcher.js', VERSIONED]);

    t.release();
    const card = t.page.locator(`${WIDGET} >> css=.card a`).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toMatch(/blue light/i);
    expect(await t.page.locator(`${WIDGET} >> css=.msg.assistant`).first().textContent()).toMatch(/\w/);
    expect(await t.page.locator(`${WIDGET} >> css=.msg.shopper`).count()).toBe(1);
    expect(await t.page.locator(`${WIDGET} >> css=.launcher`).getAttribute('aria-expanded')).toBe('true');
    expect(t.requests).toContain(PANEL);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });
});
