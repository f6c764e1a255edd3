import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushSubscriptionRoute, generateVapidKeys, MemoryPushSubscriptions, pushPayload, webPushNotifier } from '../../src/server';
import type { OperatorAuthenticator } from '../../src/server/handoff/contracts';
import { launchChromium } from '../support/browser';
import { startPushService, type TestPushService } from '../support/push-service';

/*
 * The inbox's service worker in Chromium, from dist/inbox/sw.js (npm run build), on a loopback
 * origin: enablePush registers it under the inbox path; a push message delivered through the
 * DevTools protocol (headless Chromium has no push service) shows one notification per
 * conversation, without the shopper's words.
 */

const SHOPPER_TEXT = 'my card 4111 is declined';
const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@shop.example' };
const { publicKey } = vapid;
const subscriptions = new MemoryPushSubscriptions();
const auth: OperatorAuthenticator = {
  verify: async (token) => (token === 'token-ann' ? { id: 'op:ann', name: 'Ann', expiresAt: Date.now() + 60_000 } : null),
  login: async () => null,
};

let server: Server;
let origin: string;
let browser: Browser;
let enablePushModule: string;
let pushService: TestPushService;

beforeAll(async () => {
  const worker = readFileSync('dist/inbox/sw.js', 'utf8');
  // The page side as the inbox bundle will carry it, bundled here so this test does not wait on the inbox's build.
  const bundled = await build({
    stdin: { contents: "import * as push from './src/inbox/push/enable-push.ts'; import { fakePush } from './test/support/fake-push-manager.ts'; window.push = push; window.fakePush = fakePush;", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, format: 'esm', write: false, target: 'es2020',
  });
  enablePushModule = bundled.outputFiles[0]!.text;
  // Private hosts allowed: the page's subscription points at this test's own push service.
  const route = createPushSubscriptionRoute({ path: '/inbox/api/push', auth, subscriptions, publicKey, allowPrivateHosts: true });
  pushService = await startPushService();
  server = createServer(async (request, response) => {
    if (await route(request, response)) return;
    const path = (request.url ?? '/').split('?')[0];
    const js = { 'content-type': 'text/javascript', 'cache-control': 'no-store' };
    if (path === '/inbox/sw.js') return void response.writeHead(200, js).end(worker);
    if (path === '/inbox/enable-push.js') return void response.writeHead(200, js).end(enablePushModule);
    // A page of the shop outside the inbox's scope.
    if (path === '/admin/orders') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Orders</title>');
    if (path === '/inbox/') {
      return void response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'; script-src 'self'" }).end(
        '<!doctype html><title>Inbox</title><script type="module" src="./enable-push.js"></script>',
      );
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await pushService?.close();
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

interface PushWindow {
  push: typeof import('../../src/inbox/push/enable-push');
  fakePush: typeof import('../support/fake-push-manager').fakePush;
  /** The last fake navigator a test kept, for a later evaluate. */
  pushNavigator?: Pick<Navigator, 'serviceWorker'>;
}

/** The route's subscriptions for one endpoint (the store is shared by this file's tests). */
async function kept(endpoint: string) {
  return (await subscriptions.list('all')).filter((s) => s.subscription.endpoint === endpoint);
}

async function inboxPage({ grant = true } = {}): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.newContext();
  if (grant) await context.grantPermissions(['notifications'], { origin });
  const page = await context.newPage();
  await page.goto(`${origin}/inbox/`);
  await page.waitForFunction(() => 'push' in window);
  return { context, page, cdp: await context.newCDPSession(page) };
}

/** enablePush as the inbox calls it; its outcome, since headless Chromium cannot subscribe. */
function enable(page: Page): Promise<{ ok: true } | { ok: false; name: string; code: string; message: string }> {
  return page.evaluate(async () => {
    try {
      await (window as unknown as PushWindow).push.enablePush({ basePath: '/inbox', token: 'token-ann' });
      return { ok: true as const };
    } catch (error) {
      const e = error as Error & { code: string };
      return { ok: false as const, name: e.name, code: e.code, message: e.message };
    }
  });
}

/**
 * Delivers a push through DevTools until the worker has shown it. Under load, a message delivered
 * while Chromium is still starting the worker is sometimes dropped by DevTools' delivery (not by
 * the worker); a real push service retries too. Notifications are tagged per conversation, so a
 * second delivery never adds a second one.
 */
async function deliverUntilShown(cdp: CDPSession, page: Page, registration: Promise<string>, data: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: await registration, data });
    try {
      await expect.poll(() => notifications(page), { timeout: 5_000 }).toHaveLength(1);
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

/** The id DevTools knows the inbox's registration by. */
async function registrationId(cdp: CDPSession): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === `${origin}/inbox/` && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

function notifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration('/inbox/');
    const shown = (await registration?.getNotifications()) ?? [];
    return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
  });
}

describe('the inbox service worker in Chromium', () => {
  it('registers under the inbox path, and enablePush says exactly why subscribing fails where there is no push service', async () => {
    const { context, page } = await inboxPage();
    const outcome = await enable(page);
    // A Playwright context is an incognito profile, where Chromium refuses the Push API ("Chrome
    // currently does not support the Push API in incognito mode" in the console). In a persistent
    // profile subscribe() never settles instead: the vendor's push service cannot be reached.
    expect(outcome).toMatchObject({ ok: false, name: 'PushSetupError', code: 'subscribe_failed', message: expect.stringContaining('Registration failed - permission denied') });
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration('/inbox/');
      return { scope: r?.scope, script: r?.active?.scriptURL };
    });
    expect(registration).toEqual({ scope: `${origin}/inbox/`, script: `${origin}/inbox/sw.js` });
    await context.close();
  });

  it('shows a delivered push as one notification per conversation, opening the inbox at it, without the shopper\'s words', async () => {
    const { context, page, cdp } = await inboxPage();
    const id = registrationId(cdp);
    await enable(page);
    const deliver = async (data: string) => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: await id, data });
    const notice = { kind: 'waiting' as const, sessionId: 's-42', preview: SHOPPER_TEXT, operatorIds: 'all' as const };

    await deliver(JSON.stringify(pushPayload(notice, false)));
    await expect.poll(() => notifications(page), { timeout: 10_000 }).toHaveLength(1);
    const [shown] = await notifications(page);
    expect(shown).toEqual({
      title: 'A shopper is waiting',
      body: expect.not.stringContaining('4111'),
      tag: 'aidw-session:s-42',
      data: { url: `${origin}/inbox/?session=s-42`, sessionId: 's-42', kind: 'waiting' },
    });

    // A second message of the same conversation replaces the first; another conversation adds one.
    await deliver(JSON.stringify(pushPayload({ ...notice, kind: 'shopper-message' }, false)));
    await deliver(JSON.stringify(pushPayload({ ...notice, sessionId: 's-43' }, true)));
    await expect.poll(async () => (await notifications(page)).map((n) => `${n.tag} ${n.title}`).sort(), { timeout: 10_000 })
      .toEqual(['aidw-session:s-42 New message', 'aidw-session:s-43 A shopper is waiting']);
    expect((await notifications(page)).find((n) => n.tag === 'aidw-session:s-43')?.body).toBe(SHOPPER_TEXT);
    await context.close();
  });

  it('a click on a notification closes it and tells the open inbox tab which conversation to show', async () => {
    const { context, page, cdp } = await inboxPage();
    const id = registrationId(cdp);
    await enable(page);
    await page.evaluate(() => {
      const w = window as unknown as { opened: unknown[] };
      w.opened = [];
      navigator.serviceWorker.addEventListener('message', (event) => w.opened.push(event.data));
      navigator.serviceWorker.startMessages();
    });
    const notice = { kind: 'shopper-message' as const, sessionId: 's-7', preview: SHOPPER_TEXT, operatorIds: ['op:ann'] };
    await deliverUntilShown(cdp, page, id, JSON.stringify(pushPayload(notice, false)));
    const worker = context.serviceWorkers().find((w) => w.url() === `${origin}/inbox/sw.js`);
    // What Chromium does on a click, from inside the worker: DevTools has no way to click a notification.
    await worker!.evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(event: Event): boolean };
      const [notification] = await scope.registration.getNotifications();
      const NotificationEventClass = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      scope.dispatchEvent(new NotificationEventClass('notificationclick', { notification: notification! }));
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { opened: unknown[] }).opened), { timeout: 10_000 })
      .toEqual([{ type: 'aidw-open-session', sessionId: 's-7' }]);
    expect(await notifications(page)).toEqual([]);
    await context.close();
  });

  it('a click with no inbox tab open opens the inbox at that conversation', async () => {
    const { context, page, cdp } = await inboxPage();
    const id = registrationId(cdp);
    await enable(page);
    const notice = { kind: 'waiting' as const, sessionId: 's-8', preview: SHOPPER_TEXT, operatorIds: 'all' as const };
    await deliverUntilShown(cdp, page, id, JSON.stringify(pushPayload(notice, false)));
    // The operator's only tab of the shop is now outside the inbox: the click must open one.
    await page.goto(`${origin}/admin/orders`);
    const worker = context.serviceWorkers().find((w) => w.url() === `${origin}/inbox/sw.js`)!;
    await worker.evaluate(async () => {
      type Scope = { registration: ServiceWorkerRegistration; clients: object; dispatchEvent(event: Event): boolean; opened?: string[] };
      const scope = self as unknown as Scope;
      // Chromium opens a window only for a real click ("InvalidAccessError: Not allowed to open a
      // window" for this synthetic one), so only openWindow itself is replaced: it records the URL.
      scope.opened = [];
      Object.defineProperty(scope.clients, 'openWindow', { value: async (url: string) => void scope.opened!.push(url) });
      const [notification] = await scope.registration.getNotifications();
      const NotificationEventClass = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      scope.dispatchEvent(new NotificationEventClass('notificationclick', { notification: notification! }));
    });
    await expect.poll(() => worker.evaluate(() => (self as unknown as { opened: string[] }).opened), { timeout: 10_000 })
      .toEqual([`${origin}/inbox/?session=s-8`]);
    await context.close();
  });

  it('enablePush posts the subscription with the operator\'s token, the server pushes to it, and disablePush takes it back', async () => {
    const { context, page } = await inboxPage();
    const device = pushService.device();
    // Chromium cannot subscribe here, so the page's push manager hands out a subscription of the
    // test's push service instead; the worker registration, the requests and the route are real.
    const outcome = await page.evaluate(async (subscription) => {
      const w = window as unknown as PushWindow;
      const fake = w.fakePush({ subscription });
      w.pushNavigator = fake.navigator;
      await w.push.enablePush({ basePath: '/inbox', token: 'token-ann', navigator: fake.navigator });
      const refused = await w.push.disablePush({ basePath: '/inbox', token: 'token-bob-forged', navigator: fake.navigator }).catch((e: Error & { code: string }) => e.code);
      return { calls: fake.calls, refused };
    }, device.subscription);

    expect(outcome.calls).toEqual({ subscribe: [{ userVisibleOnly: true, key: [...Buffer.from(publicKey, 'base64url')] }], unsubscribe: 0 });
    expect(outcome.refused).toBe('unauthorized');
    expect(await kept(device.subscription.endpoint)).toEqual([{ operatorId: 'op:ann', subscription: device.subscription }]);

    const notifier = webPushNotifier({ vapid, subscriptions, agent: pushService.agent });
    await notifier.notify({ kind: 'waiting', sessionId: 's-9', preview: SHOPPER_TEXT, operatorIds: 'all' });
    expect(pushService.received.filter((r) => r.deviceId === device.id).map((r) => r.payload)).toEqual([pushPayload({ kind: 'waiting', sessionId: 's-9', preview: '', operatorIds: 'all' }, false)]);

    const removed = await page.evaluate(() => {
      const w = window as unknown as PushWindow;
      return w.push.disablePush({ basePath: '/inbox', token: 'token-ann', navigator: w.pushNavigator! });
    });
    expect(removed).toBe(true);
    expect(await kept(device.subscription.endpoint)).toEqual([]);
    await context.close();
  });

  it('enablePush renews a subscription made with another key, and gives up on a push service that never answers', async () => {
    const { context, page } = await inboxPage();
    const device = pushService.device();
    const outcome = await page.evaluate(async (subscription) => {
      const w = window as unknown as PushWindow;
      // The server's keys changed since this browser subscribed: that subscription cannot be pushed to.
      const renewed = w.fakePush({ subscription, existingKey: [4, ...new Array<number>(64).fill(9)] });
      await w.push.enablePush({ basePath: '/inbox', token: 'token-ann', navigator: renewed.navigator });
      // Subscribed with the server's key already: kept as it is, and posted again.
      await w.push.enablePush({ basePath: '/inbox', token: 'token-ann', navigator: renewed.navigator });
      const stuck = w.fakePush({ subscription, neverSettles: true });
      const timedOut = await w.push.enablePush({ basePath: '/inbox', token: 'token-ann', navigator: stuck.navigator, subscribeTimeoutMs: 100 })
        .then(() => 'subscribed', (e: Error & { code: string }) => `${e.name} ${e.code}: ${e.message}`);
      return { renewed: renewed.calls, stuck: stuck.calls.subscribe.length, timedOut };
    }, device.subscription);

    expect(outcome.renewed).toEqual({ subscribe: [{ userVisibleOnly: true, key: [...Buffer.from(publicKey, 'base64url')] }], unsubscribe: 1 });
    expect(outcome.stuck).toBe(1);
    expect(outcome.timedOut).toBe('PushSetupError subscribe_failed: the browser\'s push service refused to subscribe: the push service did not answer within 100 ms');
    expect(await kept(device.subscription.endpoint)).toEqual([{ operatorId: 'op:ann', subscription: device.subscription }]);
    await subscriptions.remove(device.subscription.endpoint);
    await context.close();
  });

  it('enablePush says notifications are blocked when the operator has not allowed them, and registers nothing', async () => {
    const { context, page } = await inboxPage({ grant: false });
    const outcome = await enable(page);
    expect(outcome).toMatchObject({ ok: false, name: 'PushSetupError', code: 'denied', message: expect.stringContaining('allow them in the browser\'s site settings') });
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/inbox/')) === undefined)).toBe(true);
    await context.close();
  });

  it('still shows a notification for a message it cannot read, as Chromium requires of every push', async () => {
    const { context, page, cdp } = await inboxPage();
    const id = registrationId(cdp);
    await enable(page);
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: await id, data: '<b>not json</b>' });
    await expect.poll(() => notifications(page), { timeout: 10_000 }).toEqual([{ title: 'Inbox', body: 'Something new in the inbox.', tag: 'aidw-inbox', data: { url: `${origin}/inbox/` } }]);
    await context.close();
  });
});
