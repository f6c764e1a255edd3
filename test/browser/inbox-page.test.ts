import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatFindings, runAxe } from '../support/axe';
import { launchChromium, watchPage } from '../support/browser';
import { waitFor } from '../support/wait';
import { OPERATORS, startDesk, type DeskStandIn } from '../inbox/desk-stand-in';
import { CART_CONTEXT, FRAMES, T0, history, summary } from '../inbox/fixtures';

/**
 * The built inbox page (dist/inbox, `npm run build`) in Chromium, served by createInboxRoute with
 * its CSP, against the stand-in desk (test/inbox/desk-stand-in.ts) on loopback: an operator signs
 * in, finds the waiting shopper on top, reads the history with its cards and the cart, claims,
 * answers with a card from the catalog, sees the shopper type and read, and hands back.
 */

let browser: Browser;
let desk: DeskStandIn;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  desk = await startDesk();
  desk.catalog = FRAMES;
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await desk.close();
});

interface Opened {
  page: Page;
  problems: string[];
}

/**
 * A page on the inbox that records CSP violations (the event, not only the console line) and lets
 * a test hide the tab: headless Chromium never hides a page by itself.
 */
async function openInbox(options: { bypassCSP?: boolean; width?: number; height?: number } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, bypassCSP: options.bypassCSP ?? false });
  contexts.push(context);
  await context.grantPermissions(['notifications'], { origin: desk.url });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__violations = [];
    w.__notes = [];
    w.__hidden = false;
    document.addEventListener('securitypolicyviolation', (e) => (w.__violations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible'), configurable: true });
    Object.defineProperty(Document.prototype, 'hidden', { get: () => w.__hidden === true, configurable: true });
    const Real = window.Notification;
    // A spy that still makes the real notification: the constructor's calls are what the test reads.
    w.Notification = class extends Real {
      constructor(title: string, init?: NotificationOptions) {
        super(title, init);
        (w.__notes as unknown[]).push({ title, body: init?.body });
      }
    };
  });
  const { problems } = watchPage(page);
  await page.goto(desk.inboxUrl);
  return { page, problems };
}

async function signIn(page: Page, who: keyof typeof OPERATORS = 'ana'): Promise<void> {
  await page.getByLabel('Login').fill(who);
  await page.getByLabel('Password').fill(OPERATORS[who].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.link-state.up').waitFor();
}

const rows = (page: Page) => page.locator('.row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.session));
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    (window as unknown as { __hidden: boolean }).__hidden = h;
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: { title: string; body?: string }[] }).__notes);

function seedInbox(): void {
  desk.add(summary('s-other', { mode: 'operator', assignee: OPERATORS.ben.id, assigneeName: 'Ben', lastAt: T0 + 500_000, preview: 'Thanks, that helps' }));
  desk.add(summary('s-late', { mode: 'waiting', handedOffAt: T0 + 300_000, lastAt: T0 + 300_000, preview: 'Is the sale still on?', unread: 1 }));
  desk.add(summary('s-mine', { mode: 'operator', assignee: OPERATORS.ana.id, assigneeName: 'Ana', lastAt: T0 + 100_000, preview: 'Which size?' }));
  desk.add(summary('s-first', { mode: 'waiting', handedOffAt: T0 + 61_000, lastAt: T0 + 61_000, preview: 'Can I talk to a person about sizing?', unread: 2, context: CART_CONTEXT }), history('s-first'));
  desk.add(summary('s-bot', { mode: 'assistant', lastAt: T0 + 900_000, preview: 'Where is my order?' }));
}

describe('operator inbox in Chromium', () => {
  it('signs in, keeps the token in sessionStorage, and lists waiting (oldest first), then mine, then the rest', async () => {
    seedInbox();
    const { page, problems } = await openInbox();
    await page.getByLabel('Login').fill('ana');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong login or password.').waitFor();
    await signIn(page);
    expect(await rows(page)).toEqual(['s-first', 's-late', 's-mine', 's-bot', 's-other']);
    expect(await page.locator('[data-session="s-first"] .unread').textContent()).toBe('2');
    const stored = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    expect(stored.local).toEqual([]);
    expect(stored.session).toHaveLength(1);
    // The unread total is in the tab title.
    expect(await page.title()).toBe('(3) Inbox');
    // A reload in the same tab needs no new sign-in.
    await page.reload();
    await page.locator('.link-state.up').waitFor();
    await page.getByLabel('Show').selectOption('mine');
    expect(await rows(page)).toEqual(['s-mine']);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('opens a conversation with its history, cards and cart, claims it, answers with a catalog card, sees typing and "seen", and hands back', async () => {
    seedInbox();
    const { page, problems } = await openInbox();
    await signIn(page);
    await page.locator('[data-session="s-first"]').click();
    const log = page.getByRole('log');
    await log.getByText('Can I talk to a person about sizing?').waitFor();
    // The assistant's answer as the shopper saw it: markdown rendered, product cards with links.
    expect(await log.locator('.msg.assistant strong').textContent()).toBe('two');
    expect(await log.locator('.card a').first().getAttribute('href')).toBe('https://shop.example/products/harlow');
    const context = page.getByRole('region', { name: 'Shopper context' });
    expect(await context.textContent()).toContain('Harlow Round Frames');
    expect(await context.textContent()).toContain('1 × Clearview Blue Light Glasses');
    // Opening marks it read.
    await waitFor(() => desk.received.some((r) => r.event === 'mark-read'), 'mark-read');

    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();
    expect(desk.conversations.get('s-first')!.summary.assignee).toBe(OPERATORS.ana.id);

    // Typing in: the shopper's indicator; typing out: the operator's reaches the shopper side.
    desk.shopperTyping('s-first', true);
    await log.getByText('The shopper is typing').waitFor();
    desk.shopperSays('s-first', 'm3', 'I wear size small');
    await log.getByText('I wear size small').waitFor();
    expect(await log.getByText('The shopper is typing').count()).toBe(0);

    await page.getByLabel('Search the catalog').fill('round');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Attach Harlow Round Frames' }).click();
    const reply = page.getByLabel('Reply to the shopper');
    await reply.fill('These come in **small**:');
    await reply.press('Enter');
    const card = log.locator('.msg.staff .card');
    await card.waitFor();
    expect(await card.locator('a').first().textContent()).toBe('Harlow Round Frames');
    const sent = desk.conversations.get('s-first')!.toShopper;
    const response = sent.find((s) => s.event === 'chat-response');
    expect(response).toMatchObject({ response: { response: 'These come in **small**:', provider: 'operator', blocks: [{ type: 'products', items: [{ id: 'ew07' }] }] } });
    expect(sent.filter((s) => s.event === 'agent-typing').map((s) => (s as { typing: boolean }).typing)).toEqual([true, false]);

    // "Seen" appears once the shopper has seen the reply's seq.
    expect(await log.getByText('Seen').count()).toBe(0);
    desk.shopperSeen('s-first', (response as { response: { seq: number } }).response.seq);
    await log.locator('.msg.staff .seen').waitFor();

    await page.getByRole('button', { name: 'Hand back to assistant' }).click();
    await page.getByText('Claim this conversation to reply.').waitFor();
    expect(desk.conversations.get('s-first')!.summary.mode).toBe('assistant');
    expect(problems).toEqual([]);
  });

  it('runs under its CSP with no violation, and the page is served with it', async () => {
    seedInbox();
    const { page, problems } = await openInbox();
    const response = await page.goto(desk.inboxUrl);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page);
    await page.locator('[data-session="s-first"]').click();
    await page.locator('.card img').first().waitFor();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows every server string as text: hostile HTML in names, previews, messages, cards, context and events', async () => {
    const evil = (n: number) => `<img src=x onerror=XSS(${n})><script>XSS(${n})</script>`;
    desk.add(
      summary('s-evil', {
        mode: 'operator', assignee: OPERATORS.ana.id, assigneeName: evil(1), preview: evil(2), unread: 1, contact: evil(3),
        context: { page: { title: evil(4), url: `javascript:XSS(5)` }, cart: { itemCount: 1, items: [{ title: evil(6) }] } },
      }),
      [
        { kind: 'shopper', id: 'e1', text: evil(7), at: T0 },
        { kind: 'assistant', response: { success: true, id: 'e2', seq: 1, sessionId: 's-evil', timestamp: T0, response: `${evil(8)} [x](javascript:XSS(9))`, blocks: [{ type: 'products', items: [{ id: 'p', title: evil(10), url: 'https://shop.example/p' }] }] } },
        { kind: 'event', at: T0, event: 'handoff', reason: evil(11), by: evil(12) },
      ],
    );
    desk.presence({ operatorId: 'op:evil', name: evil(13), state: 'online', since: T0 });
    // Without the CSP, so a payload that reached the DOM as markup would run and be counted.
    const { page } = await openInbox({ bypassCSP: true });
    const ran: number[] = [];
    await page.exposeFunction('XSS', (n: number) => ran.push(n));
    await signIn(page);
    await page.locator('[data-session="s-evil"]').click();
    await page.getByRole('log').locator('.card').waitFor();
    desk.raw('conversation-entry', { sessionId: 's-evil', entry: { kind: 'shopper', id: 'e3', text: evil(14), at: T0 } });
    await page.getByRole('log').getByText(evil(14)).waitFor();
    const body = await page.locator('body').textContent();
    // (1, the assignee's name, shows nowhere: the conversation is the signed-in operator's own.)
    for (const n of [2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14]) expect(body).toContain(evil(n));
    const unsafe = await page.evaluate(() => document.querySelectorAll('#inbox script, #inbox img[src="x"], [onerror], a[href^="javascript"]').length);
    expect(unsafe).toBe(0);
    expect(ran).toEqual([]);
  });

  it('notifies (Notification API) for a new waiting shopper while the tab is hidden, and for a message in my conversation when another is open', async () => {
    seedInbox();
    const { page } = await openInbox();
    await signIn(page);
    await page.locator('[data-session="s-first"]').click();
    await page.getByRole('log').waitFor();

    // Visible, with the conversation open: a message there needs no notification.
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();
    desk.shopperSays('s-first', 'n1', 'Hello?');
    await page.getByRole('log').getByText('Hello?').waitFor();
    expect(await notes(page)).toEqual([]);

    await setHidden(page, true);
    await waitFor(() => desk.received.some((r) => r.event === 'presence' && (r.payload as { state: string }).state === 'away'), 'presence away');
    desk.add(summary('s-new', { mode: 'waiting', handedOffAt: T0 + 999_000, lastAt: T0 + 999_000, preview: 'Anyone there?', unread: 1 }));
    await expect.poll(() => notes(page)).toEqual([{ title: 'A shopper is waiting', body: 'Anyone there?' }]);
    await expect.poll(() => page.title()).toBe('(3) Inbox');

    await setHidden(page, false);
    await page.locator('[data-session="s-late"]').click();
    desk.shopperSays('s-first', 'n2', 'Still there?');
    await expect.poll(() => notes(page)).toHaveLength(2);
    expect((await notes(page))[1]).toEqual({ title: 'New message from a shopper', body: 'Still there?' });
  });

  it('goes back to sign-in when the server says the session expired', async () => {
    const { page } = await openInbox();
    await signIn(page);
    desk.expireSessions();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('is axe-clean on sign-in, the list and a conversation', async () => {
    seedInbox();
    // axe is injected as a script, which the page's own CSP would refuse.
    const { page } = await openInbox({ bypassCSP: true });
    const check = async (where: string) => {
      const findings = await runAxe(page);
      expect(findings, `${where}:\n${formatFindings(findings)}`).toEqual([]);
    };
    await check('sign-in');
    await signIn(page);
    await check('list');
    await page.locator('[data-session="s-first"]').click();
    await page.getByRole('log').locator('.card').first().waitFor();
    await check('conversation');
  }, 90_000);

  it('fits 390 px without sideways scrolling, the conversation in place of the list', async () => {
    seedInbox();
    const narrow = await openInbox({ width: 390, height: 844 });
    await signIn(narrow.page);
    const fits = () => narrow.page.evaluate(() => document.documentElement.scrollWidth <= 390);
    expect(await fits()).toBe(true);
    await narrow.page.locator('[data-session="s-first"]').click();
    await narrow.page.getByRole('log').locator('.card').first().waitFor();
    expect(await fits()).toBe(true);
    // On a phone the list gives way to the conversation, and the back button brings it back.
    expect(await narrow.page.locator('.list').isVisible()).toBe(false);
    await narrow.page.getByRole('button', { name: '‹ Conversations' }).click();
    expect(await narrow.page.locator('.list').isVisible()).toBe(true);

    // INBOX_SCREENSHOTS=1 also refreshes the README's pictures.
    if (process.env.INBOX_SCREENSHOTS) await screenshots();
  }, 120_000);
});

async function screenshots(): Promise<void> {
  mkdirSync('docs', { recursive: true });
  for (const [name, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]] as const) {
    const { page } = await openInbox({ width, height });
    await signIn(page);
    await page.screenshot({ path: `docs/inbox-list-${name}.png` });
    await page.locator('[data-session="s-first"]').click();
    if ((await page.getByRole('button', { name: 'Claim' }).count()) > 0) await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();
    await page.locator('.card img').first().waitFor();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    await page.screenshot({ path: `docs/inbox-conversation-${name}.png` });
  }
}
