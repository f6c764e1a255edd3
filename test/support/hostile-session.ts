import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeTestContext, newTestPage } from './browser';
import type { DemoServer } from '../../examples/demo-server.mjs';
import { markDomBaseline } from './dom-safety';

/** Something that would only happen if a payload ran: a sentinel call, a dialog, a popup, a navigation. */
export interface Tripwires {
  /** Tags passed to `XSS(tag)` from any frame. */
  hits: { tag: number; frame: string }[];
  dialogs: string[];
  popups: string[];
  navigations: string[];
  pageErrors: string[];
}

export interface HostileSession extends Tripwires {
  context: BrowserContext;
  page: Page;
  sessionId: string;
  /** Starts the widget on bare.html (again, after a reload) and waits for it to connect with the panel open. */
  startWidget(): Promise<string>;
  /** Links the shopper clicked (their href), whether or not the click was let through. */
  clickedLinks(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A fresh browser context on the demo's bare page with every tripwire set:
 * - `XSS(tag)` is exposed to every frame of the page (iframes and data: documents included), and
 *   reports straight to the test;
 * - dialogs, popups, page errors and navigations are recorded;
 * - requests leave for nowhere but the demo server;
 * - a click on a link with an http(s), mailto or relative href is recorded and kept from
 *   navigating (so a test may click every link), while a click on any other scheme is let through,
 *   so a `javascript:` link that should not exist would run and trip the sentinel.
 */
export async function openHostileSession(browser: Browser, demo: DemoServer): Promise<HostileSession> {
  // The page comes first (a reused one, see newTestPage); the binding reaches it as it would a new one.
  const page = await newTestPage(browser);
  const context = page.context();
  const wires: Tripwires = { hits: [], dialogs: [], popups: [], navigations: [], pageErrors: [] };
  await context.exposeBinding('XSS', (source, tag: unknown) => {
    let frame = '?';
    try {
      frame = source.frame.url();
    } catch {
      // a frame that is already gone still counts
    }
    wires.hits.push({ tag: Number(tag), frame });
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(demo.url) ? route.continue() : route.abort()));
  // Every page of the context but the one made below is a popup (a noopener one has no opener).
  const pages: Page[] = [];
  context.on('page', (p) => {
    pages.push(p);
  });
  await context.addInitScript(() => {
    const clicked: string[] = [];
    (window as unknown as { __clickedLinks: string[] }).__clickedLinks = clicked;
    window.addEventListener(
      'click',
      (event) => {
        const anchor = event.composedPath().find((n): n is Element => n instanceof Element && (n.localName === 'a' || n.localName === 'area'));
        if (!anchor) return;
        const href = anchor.getAttribute('href') ?? anchor.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '';
        clicked.push(href);
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\ufeff]/g, ''))?.[1]?.toLowerCase();
        if (scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto') event.preventDefault();
      },
      true,
    );
  });
  const popups = () => pages.filter((p) => p !== page).map((p) => p.url() || '(blank)');
  page.on('dialog', (dialog) => {
    wires.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => wires.pageErrors.push(error.message));
  let loading = true;
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) wires.navigations.push(`child frame to ${frame.url()}`);
    else if (!loading) wires.navigations.push(`page to ${frame.url()}`);
  });

  const session: HostileSession = {
    ...wires,
    context,
    page,
    sessionId: '',
    async startWidget() {
      loading = true;
      await page.goto(`${demo.url}bare.html`);
      loading = false;
      await page.evaluate(markDomBaseline);
      const sessionId = await page.evaluate(
        () =>
          new Promise<string>((resolve, reject) => {
            const g = (window as unknown as { AIDiscovery: { init(o: object): import('../../src/index').AIDiscoveryWidget } }).AIDiscovery;
            const widget = g.init({ socketUrl: location.origin, transports: ['websocket'], startOpen: true, maxStoredMessages: 1000, locale: 'en' });
            const w = window as unknown as { __widget: unknown; __widgetErrors: string[] };
            w.__widget = widget;
            w.__widgetErrors = [];
            widget.on('error', (e) => w.__widgetErrors.push(`${e.code}: ${e.message}`));
            const done = () => resolve(widget.sessionId!);
            if (widget.status === 'connected') done();
            widget.on('status', (s) => (s === 'connected' ? done() : s === 'failed' ? reject(new Error('widget failed to connect')) : undefined));
          }),
      );
      await page.locator('[data-ai-discovery] >> css=.panel .log').waitFor();
      session.sessionId = sessionId;
      return sessionId;
    },
    clickedLinks: () => page.evaluate(() => [...(window as unknown as { __clickedLinks: string[] }).__clickedLinks]),
    async close() {
      await closeTestContext(context);
    },
  };
  Object.defineProperty(session, 'popups', { get: popups });
  return session;
}

/** Everything that tripped, in readable form: an empty list means nothing ran. */
export function tripped(wires: Tripwires, describeTag: (tag: number) => string): string[] {
  return [
    ...wires.hits.map((h) => `XSS(${h.tag}) ran in ${h.frame}: ${describeTag(h.tag)}`),
    ...wires.dialogs.map((d) => `dialog ${d}`),
    ...wires.popups.map((p) => `popup ${p}`),
    ...wires.navigations.map((n) => `navigation of ${n}`),
    ...wires.pageErrors.map((e) => `page error ${e}`),
  ];
}
