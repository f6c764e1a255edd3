import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../examples/demo-server.mjs';
import { MemoryPushSubscriptions, generateVapidKeys, hashOperatorPassword, operatorAuth, type ChatServerOptions, type HandoffOptions } from '../../src/server/index';
import { closeTestContext, launchChromium, newTestPage, watchPage } from '../support/browser';
import { startRedis, type RedisProcess } from '../support/redis';

/**
 * The whole hand-off with nothing stood in: the demo store and the real chat server (desk,
 * /operators, sign-in, inbox page) on loopback, a shopper and an operator each in their own
 * Chromium context. The shopper asks for a person; the operator is told, claims, and both write
 * with typing shown on the other side; the operator hands back and the assistant answers again.
 * Then the same with two server processes on one Redis, the shopper on one and the operator on
 * the other, and the shopper's process restarted in the middle of the conversation.
 */

const SECRET = 'operator-session-secret-for-tests-0123456789';
const PASSWORD = 'ann-password';
const inWidget = (page: Page, css: string) => page.locator(`[data-ai-discovery] >> css=${css}`);

let browser: Browser | undefined;
let passwordHash = '';
const servers: DemoServer[] = [];
const contexts: BrowserContext[] = [];
let redis: RedisProcess | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  passwordHash = await hashOperatorPassword(PASSWORD, { cost: 4 });
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await closeTestContext(context);
  for (const server of servers.splice(0)) await server.close();
  await redis?.stop();
  redis = undefined;
});
afterAll(async () => {
  await browser?.close();
});

/** One chat server process: each builds its own authenticator, sharing only the secret, as processes do. */
async function serve(port = 0, chat: ChatServerOptions = {}, handoff: Partial<HandoffOptions> = {}): Promise<DemoServer> {
  const operators = operatorAuth({ secret: SECRET, operators: [{ login: 'ann', name: 'Ann', passwordHash }] });
  const demo = await startDemoServer({ port, chat: { ...chat, handoff: { ...handoff, operators } } });
  servers.push(demo);
  return demo;
}

async function newPage(): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const page = await newTestPage(browser!);
  const context = page.context();
  contexts.push(context);
  return { page, context, problems: watchPage(page).problems };
}

/** The operator signed in to the inbox, alerts on, with the Notification constructor recorded. */
async function operatorOn(server: DemoServer, before?: (page: Page) => Promise<unknown>): Promise<{ page: Page; problems: string[] }> {
  const { page, context, problems } = await newPage();
  await before?.(page);
  const inbox = new URL('inbox/', server.url).href;
  await context.grantPermissions(['notifications'], { origin: new URL(inbox).origin });
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: string[]; Notification: typeof Notification };
    w.__notes = [];
    const Real = window.Notification;
    w.Notification = class extends Real {
      constructor(title: string, init?: NotificationOptions) {
        super(title, init);
        w.__notes.push(`${title}: ${init?.body ?? ''}`);
      }
    };
  });
  await page.goto(inbox);
  await page.getByLabel('Login').fill('ann');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.link-state.up').waitFor();
  await page.getByRole('button', { name: /^Turn on alert/ }).click();
  await page.getByRole('button', { name: /^Alerts on/ }).waitFor();
  return { page, problems };
}

async function shopperOn(server: DemoServer): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await newPage();
  await page.goto(`${server.url}bundle.html`);
  await page.locator('[data-ai-discovery] >> css=.launcher').click();
  await inWidget(page, '.composer input').waitFor();
  return { page, problems };
}

async function say(page: Page, text: string): Promise<void> {
  const input = inWidget(page, '.composer input');
  await input.fill(text);
  await input.press('Enter');
}

const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: string[] }).__notes);

/** From the shopper's request to the hand-back, between a shopper page and an inbox page. */
async function talk(shopper: Page, operator: Page, between?: () => Promise<void>): Promise<void> {
  // Someone is signed in: the widget says so before the shopper asks.
  await expect.poll(() => inWidget(shopper, '[part="handoff-presence"]').textContent()).toBe('A person is available');
  await inWidget(shopper, '[part="handoff-button"]').click();
  await inWidget(shopper, '[data-mode="waiting"]').waitFor();
  expect(await inWidget(shopper, '[data-mode="waiting"]').textContent()).toMatch(/^A team member will reply here\./);

  // The operator is told, and the waiting conversation is on top of the list.
  await expect.poll(() => notes(operator), { timeout: 15_000 }).toHaveLength(1);
  const row = operator.locator('.row').first();
  await row.click();
  await operator.getByRole('button', { name: 'Claim' }).click();
  await operator.getByRole('button', { name: 'Release' }).waitFor();
  await expect.poll(() => inWidget(shopper, '[data-mode="operator"]').textContent()).toBe('You are talking with Ann.');
  await between?.();

  // Shopper to operator, with typing first.
  const log = operator.getByRole('log');
  await inWidget(shopper, '.composer input').fill('Do the round frames');
  await log.getByText('The shopper is typing').waitFor();
  await say(shopper, 'Do the round frames come in small?');
  await log.getByText('Do the round frames come in small?').waitFor();

  // Operator to shopper, typing first, with markdown.
  const reply = operator.getByLabel('Reply to the shopper');
  await reply.fill('They do');
  await expect.poll(() => inWidget(shopper, '[part="typing"] .who').textContent()).toBe('Ann is typing…');
  await reply.fill('They do, in **small** and medium.');
  await reply.press('Enter');
  const answer = inWidget(shopper, '.msg.assistant').last();
  await expect.poll(() => answer.locator('[part="author"]').textContent()).toBe('Ann');
  expect(await answer.locator('strong').textContent()).toBe('small');
  // The shopper's widget is open and visible: the reply is marked seen in the inbox.
  await log.locator('.msg.staff .seen').waitFor();

  // Back to the assistant, which answers the next question with products again.
  await operator.getByRole('button', { name: 'Hand back to assistant' }).click();
  await expect.poll(() => inWidget(shopper, '[data-mode="assistant"] p').first().textContent()).toBe('You are back with the assistant.');
  await say(shopper, 'blue light glasses');
  await inWidget(shopper, '.card').first().waitFor();
  expect(await inWidget(shopper, '.msg.assistant').last().textContent()).toMatch(/Blue Light/);
  // Nothing written in the conversation went missing on either side.
  for (const text of ['Do the round frames come in small?', 'They do, in small and medium.']) {
    await expect.poll(() => log.textContent()).toContain(text);
  }
}

describe('hand-off in two browser contexts on the real chat server', () => {
  it('one process: ask for a person, notification, claim, replies both ways with typing, hand back', async () => {
    const server = await serve();
    const operator = await operatorOn(server);
    const shopper = await shopperOn(server);
    await talk(shopper.page, operator.page);
    expect(await notes(operator.page)).toEqual([expect.stringMatching(/waiting/i)]);
    expect(shopper.problems).toEqual([]);
    expect(operator.problems).toEqual([]);
  });

  it('two processes on Redis, shopper on one and operator on the other, the shopper\'s process restarted mid-conversation', async () => {
    redis = await startRedis();
    const b = await serve(0, { redis: { url: redis.url } });
    // Behind one balancer every process has the same public URL (PUBLIC_URL): the demo catalog's
    // images then come from the origin the inbox is on, which its CSP allows.
    const chat: ChatServerOptions = { redis: { url: redis.url }, publicUrl: new URL(b.url).origin };
    const a = await serve(0, chat);
    const operator = await operatorOn(b);
    const shopper = await shopperOn(a);
    await talk(shopper.page, operator.page, async () => {
      // Process A goes away and comes back on the same port: the claim, the mode and the
      // transcript are in Redis, and the widget reconnects by itself.
      const port = a.port;
      servers.splice(servers.indexOf(a), 1);
      await a.close();
      await serve(port, chat);
      await expect.poll(() => inWidget(shopper.page, '[data-mode="operator"]').textContent(), { timeout: 20_000 }).toBe('You are talking with Ann.');
      await shopper.page.reload();
      await shopper.page.locator('[data-ai-discovery] >> css=.launcher').click();
      await expect.poll(() => inWidget(shopper.page, '[data-mode="operator"]').textContent(), { timeout: 20_000 }).toBe('You are talking with Ann.');
    });
    // The shopper's reconnects are not problems; errors on the page would be.
    expect(shopper.problems.filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket|socket\.io/i.test(p))).toEqual([]);
    expect(operator.problems).toEqual([]);
  });

  it('turning alerts on in the inbox also subscribes the browser to Web Push through the server', async () => {
    const subscriptions = new MemoryPushSubscriptions();
    const server = await serve(0, {}, { push: { vapid: { ...generateVapidKeys(), subject: 'mailto:ops@shop.example' }, subscriptions } });
    const operator = await operatorOn(server, (page) => page.addInitScript(() => {
      // Headless Chromium has no push service (a Playwright context is incognito): the worker's
      // registration stays real, only the push manager hands out a subscription of its own.
      const bytes = (n: number) => btoa(String.fromCharCode(...Array.from({ length: n }, (_, i) => (i * 7 + 4) % 256))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      // 65 bytes starting 0x04, as an uncompressed P-256 point does.
      const p256dh = bytes(65);
      const made = { endpoint: 'https://push.example/send/ann-device', keys: { p256dh, auth: bytes(16) } };
      Object.defineProperty(ServiceWorkerRegistration.prototype, 'pushManager', {
        get: () => ({
          getSubscription: async () => null,
          subscribe: async (options: PushSubscriptionOptionsInit) => ({ ...made, options, toJSON: () => ({ ...made, expirationTime: null }), unsubscribe: async () => true }),
        }),
      });
    }));
    await operator.page.getByRole('button', { name: 'Alerts on, also when closed' }).waitFor();
    expect(await subscriptions.list('all')).toEqual([expect.objectContaining({ operatorId: 'op:ann', subscription: expect.objectContaining({ endpoint: 'https://push.example/send/ann-device' }) })]);
    // The worker the notifications come through is the inbox's, on the inbox's path.
    expect(await operator.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(new URL('inbox/', server.url).href);
    expect(operator.problems).toEqual([]);
  });
});
