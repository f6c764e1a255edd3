import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/*
 * The async loader and the script-tag bundle together, built, in Chromium against the demo server.
 * Idle callbacks are held by the test, so "before the bundle arrives" is a state the test chooses,
 * never a race it hopes to win.
 */

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const SRI = JSON.parse(readFileSync('dist/cdn/sri.json', 'utf8')) as Record<string, string>;
const VERSIONED = `/dist/cdn/${VERSION}/ai-discovery.js`;

const stack = demoInChromium();



interface TestPage {
  page: Page;
  errors: string[];
  /** Paths of the requests the page made, in order. */
  requests: string[];
  sockets: () => number;
  /** Runs the idle callbacks the page has asked for so far. */
  runIdle: () => Promise<void>;
}

/**
 * Opens a page of the demo store (the loader's test pages are under cdn-checks/). They are real
 * files on the demo server because Chromium blocks a fulfilled (intercepted) page from reaching
 * the loopback chat server.
 */
async function openPage(path: string): Promise<TestPage> {
  const page = await newTestPage(stack.browser);
  const errors: string[] = [];
  const requests: string[] = [];
  let sockets = 0;
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('websocket', (ws) => ws.url().includes('/socket.io/') && sockets++);
  await page.addInitScript(() => {
    const w = window as unknown as { __idle: (() => void)[]; __ready: unknown[] };
    w.__idle = [];
    w.__ready = [];
    window.requestIdleCallback = (task) => w.__idle.push(() => task({ didTimeout: false, timeRemaining: () => 50 }));
    document.addEventListener('ai-discovery:ready', (e) => w.__ready.push((e as CustomEvent).detail));
  });
  const url = stack.demo.url + path;
  await page.goto(url);
  return {
    page,
    errors,
    requests,
    sockets: () => sockets,
    runIdle: () => page.evaluate(() => (window as unknown as { __idle: (() => void)[] }).__idle.splice(0).forEach((task) => task())),
  };
}

type PageWindow = { __ready: { status: string; send(text: string): Promise<unknown>; isOpen: boolean }[]; AIDiscovery: (...args: unknown[]) => unknown };

/** Waits for the page's widget to be started and connected. */
async function connected(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as PageWindow).__ready[0]?.status === 'connected');
}

/** Lets every trigger fire (idle and an interaction), then waits for the network to settle. */
async function settle(t: TestPage): Promise<void> {
  await t.runIdle();
  await t.page.mouse.click(5, 5);
  await t.runIdle();
  await t.page.waitForLoadState('networkidle');
}

async function mounted(page: Page) {
  return page.evaluate(() => ({
    hosts: document.querySelectorAll('[data-ai-discovery]').length,
    ready: (window as unknown as PageWindow).__ready.length,
  }));
}

describe('the async loader in Chromium', () => {
  it('replays calls queued before the bundle arrives, in order: the panel opens, ready fires once, a message is answered', async () => {
    const t = await openPage('cdn-checks/queued.html');
    await t.page.waitForLoadState('networkidle');
    // Nothing has come yet: the calls are only recorded.
    expect(t.requests).not.toContain(VERSIONED);
    expect(await t.page.evaluate(() => ({ calls: ((window as unknown as PageWindow).AIDiscovery as unknown as { q: unknown[] }).q.length, readyCalls: (window as unknown as { readyCalls: number }).readyCalls }))).toEqual({ calls: 5, readyCalls: 0 });
    expect((await mounted(t.page)).hosts).toBe(0);

    await t.runIdle();
    await t.page.locator('[data-ai-discovery] >> css=.panel').waitFor();
    await t.page.waitForFunction(() => (window as unknown as { answer?: unknown }).answer !== undefined, undefined, { timeout: 15_000 });
    await t.page.locator('[data-ai-discovery] >> css=.card a').first().waitFor();
    expect(await t.page.evaluate(() => (window as unknown as { readyCalls: number }).readyCalls)).toBe(1);
    // After the bundle, the same function drives the widget directly.
    await t.page.evaluate(() => (window as unknown as PageWindow).AIDiscovery('close'));
    await expect.poll(() => t.page.locator('[data-ai-discovery] >> css=.panel').isHidden()).toBe(true);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('fetches the bundle only at the first interaction when that comes before idle, and only once', async () => {
    const t = await openPage('cdn-checks/loader.html');
    await t.page.waitForLoadState('networkidle');
    expect(t.requests).toContain('/dist/cdn/loader.js');
    expect(t.requests).not.toContain(VERSIONED);
    const beforeInteraction = t.requests.length;
    await t.page.keyboard.press('Tab');
    await connected(t.page);
    expect(t.requests.indexOf(VERSIONED)).toBeGreaterThanOrEqual(beforeInteraction);
    // The panel is the bundle's own business: fetched from the versioned folder, beside it.
    await t.page.evaluate(() => (window as unknown as PageWindow).AIDiscovery('open'));
    await t.page.locator('[data-ai-discovery] >> css=.panel').waitFor();
    expect(t.requests).toContain(`/dist/cdn/${VERSION}/ai-discovery.panel.js`);
    await settle(t);
    expect(t.requests.filter((p) => p === VERSIONED)).toHaveLength(1);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('fetches the bundle when the page is idle, with its SRI hash, and Chromium accepts it', async () => {
    const t = await openPage('loader.html');
    await t.page.waitForLoadState('networkidle');
    expect(t.requests).not.toContain(VERSIONED);
    await t.runIdle();
    await connected(t.page);
    const tag = await t.page.evaluate((src) => {
      const script = document.querySelector<HTMLScriptElement>(`script[src$="${src}"]`)!;
      return { integrity: script.getAttribute('integrity'), crossorigin: script.getAttribute('crossorigin') };
    }, VERSIONED);
    expect(tag).toEqual({ integrity: SRI[`${VERSION}/ai-discovery.js`], crossorigin: 'anonymous' });
    // loader.html's own queued 'ready' listener ran.
    expect(await t.page.evaluate(() => document.documentElement.dataset.chat)).toBe('ready');
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('refuses a bundle whose hash does not match, so nothing starts', async () => {
    const t = await openPage('cdn-checks/wrong-integrity.html');
    await t.runIdle();
    await expect.poll(() => t.errors.some((e) => /integrity/i.test(e))).toBe(true);
    await t.page.waitForLoadState('networkidle');
    expect((await mounted(t.page)).hosts).toBe(0);
    await closeTestPage(t.page);
  });

  // The last column: how often the loader fetches its bundle (never when a plain tag brought one).
  const doubles: [string, string, number][] = [
    ['the loader twice', 'loader-twice', 1],
    ['the bundle twice', 'bundle-twice', 0],
    ['the loader, then the plain bundle', 'loader-then-bundle', 0],
    ['the plain bundle, then the loader', 'bundle-then-loader', 0],
  ];
  it.each(doubles)('%s mounts one widget with one socket', async (_, name, fetched) => {
    const t = await openPage(`cdn-checks/${name}.html`);
    await settle(t);
    await connected(t.page);
    await t.page.waitForLoadState('networkidle');
    expect(await mounted(t.page)).toEqual({ hosts: 1, ready: 1 });
    expect(await t.page.evaluate(() => (window as unknown as { readyCalls: number }).readyCalls)).toBe(1);
    expect(t.sockets()).toBe(1);
    expect(t.requests.filter((p) => p === VERSIONED)).toHaveLength(fetched);
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });
});

describe('the bundle on a page running RequireJS', () => {
  it('raises no "Mismatched anonymous define()": the store\'s modules load and the widget chats', async () => {
    const t = await openPage('requirejs.html');
    await connected(t.page);
    await t.page.waitForFunction(() => document.getElementById('cart-module')!.textContent === 'store cart module: store-cart');
    const answered = await t.page.evaluate(async () => {
      const widget = (window as unknown as PageWindow).__ready[0]!;
      await widget.send('blue light glasses');
      return true;
    });
    expect(answered).toBe(true);
    await t.page.locator('[data-ai-discovery] >> css=.launcher').click();
    await t.page.locator('[data-ai-discovery] >> css=.card a').first().waitFor({ timeout: 15_000 });
    // RequireJS's own module loading still works after the bundle ran.
    await t.page.evaluate(() => new Promise((resolve) => (window as unknown as { require: (deps: string[], cb: (m: unknown) => void) => void }).require(['store-cart'], resolve)));
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('the async loader also works beside RequireJS', async () => {
    const t = await openPage('cdn-checks/requirejs-loader.html');
    await t.runIdle();
    await connected(t.page);
    await t.page.evaluate(() => new Promise((resolve) => (window as unknown as { require: (deps: string[], cb: (m: unknown) => void) => void }).require(['store-cart'], resolve)));
    expect(await t.page.evaluate(() => (window as unknown as { cart: string }).cart)).toBe('store-cart');
    expect(t.errors).toEqual([]);
    await closeTestPage(t.page);
  });

  it('the check is real: an anonymous define() as a plain script does raise the error', async () => {
    const t = await openPage('requirejs.html');
    await connected(t.page);
    await t.page.addScriptTag({ url: '/dist/amd/ai-discovery.js' });
    // RequireJS notices the stray define() at its next require() and throws there.
    const thrown = await t.page.evaluate(() => {
      try {
        (window as unknown as { require: (deps: string[]) => void }).require(['store-cart']);
        return '';
      } catch (error) {
        return String(error);
      }
    });
    expect(thrown).toMatch(/Mismatched anonymous define\(\)/);
    await closeTestPage(t.page);
  });
});

describe('the built CDN files', () => {
  const shipped = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? shipped(`${dir}/${e.name}`, `${prefix}${e.name}/`) : e.name.endsWith('.js') ? [`${prefix}${e.name}`] : [],
    );

  it('sri.json lists every shipped script with the sha384 of its bytes', () => {
    expect(Object.keys(SRI).sort()).toEqual(shipped('dist/cdn').sort());
    expect(Object.keys(SRI)).toEqual(expect.arrayContaining(['loader.js', 'ai-discovery.js', 'ai-discovery.panel.js', `${VERSION}/ai-discovery.js`, `${VERSION}/ai-discovery.panel.js`]));
    for (const [file, integrity] of Object.entries(SRI)) {
      expect(integrity, file).toBe(`sha384-${createHash('sha384').update(readFileSync(`dist/cdn/${file}`)).digest('base64')}`);
    }
  });

  it('the loader embeds the versioned bundle and its hash', () => {
    const loader = readFileSync('dist/cdn/loader.js', 'utf8');
    expect(loader).toContain(`"${VERSION}/ai-discovery.js"`);
    expect(loader).toContain(SRI[`${VERSION}/ai-discovery.js`]);
  });

  it('neither the loader nor the script-tag bundle calls define()', () => {
    for (const file of ['dist/cdn/loader.js', 'dist/cdn/ai-discovery.js']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bdefine\s*\(|define\.amd/);
    }
  });
});
