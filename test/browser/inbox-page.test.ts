import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFindings, runAxe } from '../support/axe';
import { waitFor } from '../support/wait';
import { OPERATORS } from '../inbox/desk-stand-in';
import { T0, summary } from '../inbox/fixtures';
import { inboxInChromium, rows, seedInbox, signIn, spied } from '../inbox/inbox-in-chromium';

/**
 * The built inbox page (dist/inbox, `npm run build`) in Chromium, served by createInboxRoute with
 * its CSP, against the stand-in desk (test/inbox/desk-stand-in.ts) on loopback: an operator signs
 * in, finds the waiting shopper on top, reads the history with its cards and the cart, claims,
 * answers with a card from the catalog, sees the shopper type and read, and hands back.
 */

const inbox = inboxInChromium();

describe('operator inbox in Chromium', () => {
  it('signs in, keeps the token in sessionStorage, and lists waiting (oldest first), then mine, then the rest', async () => {
    seedInbox(inbox.desk);
    const { page, problems } = await inbox.open();
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
    seedInbox(inbox.desk);
    const { page, problems } = await inbox.open();
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
    await waitFor(() => inbox.desk.received.some((r) => r.event === 'mark-read'), 'mark-read');

    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();
    expect(inbox.desk.conversations.get('s-first')!.summary.assignee).toBe(OPERATORS.ana.id);

    // Typing in: the shopper's indicator; typing out: the operator's reaches the shopper side.
    inbox.desk.shopperTyping('s-first', true);
    await log.getByText('The shopper is typing').waitFor();
    inbox.desk.shopperSays('s-first', 'm3', 'I wear size small');
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
    const sent = inbox.desk.conversations.get('s-first')!.toShopper;
    const response = sent.find((s) => s.event === 'chat-response');
    expect(response).toMatchObject({ response: { response: 'These come in **small**:', provider: 'operator', blocks: [{ type: 'products', items: [{ id: 'ew07' }] }] } });
    expect(sent.filter((s) => s.event === 'agent-typing').map((s) => (s as { typing: boolean }).typing)).toEqual([true, false]);

    // "Seen" appears once the shopper has seen the reply's seq.
    expect(await log.getByText('Seen').count()).toBe(0);
    inbox.desk.shopperSeen('s-first', (response as { response: { seq: number } }).response.seq);
    await log.locator('.msg.staff .seen').waitFor();

    await page.getByRole('button', { name: 'Hand back to assistant' }).click();
    await page.getByText('Claim this conversation to reply.').waitFor();
    expect(inbox.desk.conversations.get('s-first')!.summary.mode).toBe('assistant');
    expect(problems).toEqual([]);
  });

  it('runs under its CSP with no violation, and the page is served with it', async () => {
    seedInbox(inbox.desk);
    const { page, problems } = await inbox.open();
    const response = await page.goto(inbox.desk.inboxUrl);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page);
    await page.locator('[data-session="s-first"]').click();
    await page.locator('.card img').first().waitFor();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    expect(await spied(page, '__violations')).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows every server string as text: hostile HTML in names, previews, messages, cards, context and events', async () => {
    const evil = (n: number) => `<img src=x onerror=XSS(${n})><script>XSS(${n})</script>`;
    inbox.desk.add(
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
    inbox.desk.presence({ operatorId: 'op:evil', name: evil(13), state: 'online', since: T0 });
    // Without the CSP, so a payload that reached the DOM as markup would run and be counted.
    const { page } = await inbox.open({ bypassCSP: true });
    const ran: number[] = [];
    await page.exposeFunction('XSS', (n: number) => ran.push(n));
    await signIn(page);
    await page.locator('[data-session="s-evil"]').click();
    await page.getByRole('log').locator('.card').waitFor();
    inbox.desk.raw('conversation-entry', { sessionId: 's-evil', entry: { kind: 'shopper', id: 'e3', text: evil(14), at: T0 } });
    await page.getByRole('log').getByText(evil(14)).waitFor();
    const body = await page.locator('body').textContent();
    // (1, the assignee's name, shows nowhere: the conversation is the signed-in operator's own.)
    for (const n of [2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14]) expect(body).toContain(evil(n));
    const unsafe = await page.evaluate(() => document.querySelectorAll('#inbox script, #inbox img[src="x"], [onerror], a[href^="javascript"]').length);
    expect(unsafe).toBe(0);
    expect(ran).toEqual([]);
  });

  it('says so when the login route refuses more attempts (429), and signs in once it allows them again', async () => {
    const { page } = await inbox.open();
    inbox.desk.loginRateLimited = true;
    await page.getByLabel('Login').fill('ana');
    await page.getByLabel('Password').fill('anything');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Too many sign-in attempts. Wait a minute, then try again.').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    inbox.desk.loginRateLimited = false;
    await signIn(page);
  });

  it('goes back to sign-in when the server says the session expired', async () => {
    const { page } = await inbox.open();
    await signIn(page);
    inbox.desk.expireSessions();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('goes back to sign-in when the socket is refused as unauthorized (a stale token after a reload)', async () => {
    const { page } = await inbox.open();
    await signIn(page);
    inbox.desk.revokeTokens();
    await page.reload();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('is axe-clean on sign-in, the list and a conversation', async () => {
    seedInbox(inbox.desk);
    // axe is injected as a script, which the page's own CSP would refuse.
    const { page } = await inbox.open({ bypassCSP: true });
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
    seedInbox(inbox.desk);
    const narrow = await inbox.open({ width: 390, height: 844 });
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
  const sizes = [['desktop', 1280, 800], ['phone', 390, 844]] as const;
  // The lists first, while s-first still waits on top; then the conversations, claimed.
  const pages = [];
  for (const [name, width, height] of sizes) {
    const { page } = await inbox.open({ width, height });
    await signIn(page);
    await page.screenshot({ path: `docs/inbox-list-${name}.png` });
    pages.push({ name, page });
  }
  for (const { name, page } of pages) {
    await page.locator('[data-session="s-first"]').click();
    if (name === 'desktop') await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();
    await page.locator('.card img').first().waitFor();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    await page.screenshot({ path: `docs/inbox-conversation-${name}.png` });
  }
}
