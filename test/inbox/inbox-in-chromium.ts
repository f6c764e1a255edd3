import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { closeTestContext, launchChromium, newTestPage, watchPage } from '../support/browser';
import { OPERATORS, startDesk, type DeskStandIn } from './desk-stand-in';
import { CART_CONTEXT, FRAMES, T0, history, summary } from './fixtures';

/**
 * One Chromium per test file and a fresh stand-in desk per test (test/inbox/desk-stand-in.ts), for
 * the inbox's browser tests. The page is the built one (dist/inbox, `npm run build`).
 */

export interface OpenedInbox {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and failed requests (see watchPage). */
  problems: string[];
}

export interface PageOptions {
  /** Without the page's CSP: for axe (injected as a script) and for catching payloads that would run. */
  bypassCSP?: boolean;
  width?: number;
  height?: number;
  /** Grant the notification permission to the page's origin. @default true */
  grantNotifications?: boolean;
  /** Appended to the inbox URL, such as '?session=s-late' (a push notification's link). @default '' */
  search?: string;
}

export interface InboxInChromiumOptions {
  /**
   * A service worker script served at /inbox/sw.js beside the built page (as the push part's
   * dist/inbox/sw.js would be), from a copy of dist/inbox. @default none
   */
  serviceWorker?: string;
}

export function inboxInChromium(options: InboxInChromiumOptions = {}) {
  let browser: Browser | undefined;
  let desk: DeskStandIn | undefined;
  let assets: string | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    if (options.serviceWorker !== undefined) {
      assets = mkdtempSync(join(tmpdir(), 'aid-inbox-assets-'));
      cpSync('dist/inbox', assets, { recursive: true });
      writeFileSync(join(assets, 'sw.js'), options.serviceWorker);
    }
  });
  afterAll(async () => {
    await browser?.close();
    if (assets) rmSync(assets, { recursive: true, force: true });
  });
  beforeEach(async () => {
    desk = await startDesk(assets ? { assets } : {});
    desk.catalog = FRAMES;
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await closeTestContext(c);
    await desk?.close();
  });

  /**
   * A page on the inbox that records CSP violations (the event, not only the console line), calls
   * of the Notification constructor and of requestPermission, and lets a test hide the tab:
   * headless Chromium never hides a page by itself.
   */
  const open = async (options: PageOptions = {}): Promise<OpenedInbox> => {
    const page = await newTestPage(browser!, { viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, bypassCSP: options.bypassCSP ?? false });
    const context = page.context();
    contexts.push(context);
    if (options.grantNotifications ?? true) await context.grantPermissions(['notifications'], { origin: desk!.url });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__violations = [];
      w.__notes = [];
      w.__asked = 0;
      w.__tones = 0;
      w.__hidden = false;
      document.addEventListener('securitypolicyviolation', (e) => (w.__violations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
      Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible'), configurable: true });
      Object.defineProperty(Document.prototype, 'hidden', { get: () => w.__hidden === true, configurable: true });
      const Real = window.Notification;
      // Spies that still do the real thing: the calls are what the tests read.
      const Spy = class extends Real {
        constructor(title: string, init?: NotificationOptions) {
          super(title, init);
          (w.__notes as unknown[]).push({ title, body: init?.body });
        }
      };
      Object.defineProperty(Spy, 'requestPermission', {
        value: () => {
          (w.__asked as number)++;
          return Real.requestPermission();
        },
      });
      w.Notification = Spy;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
        (w.__tones as number)++;
        return start.call(this, when);
      };
    });
    const { problems } = watchPage(page);
    await page.goto(`${desk!.inboxUrl}${options.search ?? ''}`);
    return { page, context, problems };
  };

  return {
    get desk() {
      return desk!;
    },
    open,
  };
}

export async function signIn(page: Page, who: keyof typeof OPERATORS = 'ana'): Promise<void> {
  await page.getByLabel('Login').fill(who);
  await page.getByLabel('Password').fill(OPERATORS[who].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.link-state.up').waitFor();
}

/** The list's session ids, top to bottom. */
export const rows = (page: Page) => page.locator('.row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.session));

export const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    (window as unknown as { __hidden: boolean }).__hidden = h;
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

type Spied = { __notes: { title: string; body?: string }[]; __asked: number; __tones: number; __violations: string[] };
export const spied = <K extends keyof Spied>(page: Page, key: K) => page.evaluate((k) => (window as unknown as Spied)[k], key) as Promise<Spied[K]>;

/** Five conversations, one in each place of the list's order. */
export function seedInbox(desk: DeskStandIn): void {
  desk.add(summary('s-other', { mode: 'operator', assignee: OPERATORS.ben.id, assigneeName: 'Ben', lastAt: T0 + 500_000, preview: 'Thanks, that helps' }));
  desk.add(summary('s-late', { mode: 'waiting', handedOffAt: T0 + 300_000, lastAt: T0 + 300_000, preview: 'Is the sale still on?', unread: 1 }));
  desk.add(summary('s-mine', { mode: 'operator', assignee: OPERATORS.ana.id, assigneeName: 'Ana', lastAt: T0 + 100_000, preview: 'Which size?' }));
  desk.add(summary('s-first', { mode: 'waiting', handedOffAt: T0 + 61_000, lastAt: T0 + 61_000, preview: 'Can I talk to a person about sizing?', unread: 2, context: CART_CONTEXT }), history('s-first'));
  desk.add(summary('s-bot', { mode: 'assistant', lastAt: T0 + 900_000, preview: 'Where is my order?' }));
}
