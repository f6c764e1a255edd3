import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';
import { T0, summary } from '../inbox/fixtures';
import { inboxInChromium, seedInbox, setHidden, signIn, spied } from '../inbox/inbox-in-chromium';

/**
 * The inbox's alerts in Chromium against the stand-in desk: system notifications (through a spy on
 * the real Notification constructor, with the permission granted to the context) and the WebAudio
 * tone, only when the operator cannot already see the conversation; the permission is asked from
 * the button, never on load.
 */

/**
 * Stands in for src/inbox/push's worker on a notification click: tells every inbox tab, controlled
 * or not, which conversation to open (here: the one the page asks it to).
 */
const WORKER = `self.addEventListener('message', (event) => event.waitUntil(
  self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => {
    for (const tab of tabs) tab.postMessage({ type: 'aidw-open-session', sessionId: event.data });
  })));`;

const inbox = inboxInChromium({ serviceWorker: WORKER });

describe('inbox alerts in Chromium', () => {
  it('notifies for a new waiting shopper while the tab is hidden, and for a message in my conversation when another is open', async () => {
    seedInbox(inbox.desk);
    const { page } = await inbox.open();
    await signIn(page);
    await page.locator('[data-session="s-first"]').click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();

    // Visible, with the conversation open: a message there needs no notification.
    const markedRead = () => inbox.desk.received.filter((r) => r.event === 'mark-read' && (r.payload as { sessionId: string }).sessionId === 's-first').length;
    const marks = markedRead();
    inbox.desk.shopperSays('s-first', 'n1', 'Hello?');
    await page.getByRole('log').getByText('Hello?').waitFor();
    // The message is drawn from its entry event; the unread count comes with the summary after it.
    // Hide the tab only once the inbox has taken that summary and marked it read, or a slow run
    // hides it in between and rightly keeps the message unread.
    await waitFor(() => markedRead() > marks, 'mark-read of s-first');
    expect(await spied(page, '__notes')).toEqual([]);

    await setHidden(page, true);
    await waitFor(() => inbox.desk.received.some((r) => r.event === 'presence' && (r.payload as { state: string }).state === 'away'), 'presence away');
    inbox.desk.add(summary('s-new', { mode: 'waiting', handedOffAt: T0 + 999_000, lastAt: T0 + 999_000, preview: 'Anyone there?', unread: 1 }));
    await expect.poll(() => spied(page, '__notes')).toEqual([{ title: 'A shopper is waiting', body: 'Anyone there?' }]);
    // The tab title carries the unread total: 1 (s-late) + 1 (s-new); s-first was read when opened.
    await expect.poll(() => page.title()).toBe('(2) Inbox');

    await setHidden(page, false);
    await page.locator('[data-session="s-late"]').click();
    inbox.desk.shopperSays('s-first', 'n2', 'Still there?');
    await expect.poll(() => spied(page, '__notes')).toHaveLength(2);
    expect((await spied(page, '__notes'))[1]).toEqual({ title: 'New message from a shopper', body: 'Still there?' });
  }, 60_000);

  it('asks for the permission only from the button, and plays the tone once turned on', async () => {
    seedInbox(inbox.desk);
    const { page } = await inbox.open({ grantNotifications: false });
    await signIn(page);
    expect(await spied(page, '__asked')).toBe(0);
    // Before the click no tone can play (browsers keep audio locked until a gesture).
    await setHidden(page, true);
    inbox.desk.add(summary('s-quiet', { mode: 'waiting', handedOffAt: T0, lastAt: T0, preview: 'one', unread: 1 }));
    await page.locator('[data-session="s-quiet"]').waitFor();
    expect(await spied(page, '__tones')).toBe(0);
    await setHidden(page, false);

    await page.getByRole('button', { name: 'Turn on alerts' }).click();
    await expect.poll(() => spied(page, '__asked')).toBe(1);
    await setHidden(page, true);
    inbox.desk.add(summary('s-loud', { mode: 'waiting', handedOffAt: T0, lastAt: T0, preview: 'two', unread: 1 }));
    // Two short rising tones, one oscillator each.
    await expect.poll(() => spied(page, '__tones')).toBe(2);
  }, 60_000);

  it('opens the conversation a push notification names: from ?session= after sign-in, and from the service worker later', async () => {
    seedInbox(inbox.desk);
    const { page } = await inbox.open({ search: '?session=s-late' });
    await signIn(page);
    const opened = () => inbox.desk.received.filter((r) => r.event === 'conversation-open').map((r) => (r.payload as { sessionId: string }).sessionId);
    await waitFor(() => opened().includes('s-late'), 'conversation-open s-late');
    await page.locator('.inbox.has-open').waitFor();
    // What src/inbox/push's worker posts on a notification click; the rest on that channel is ignored.
    await page.evaluate(() => {
      const post = (data: unknown) => navigator.serviceWorker.dispatchEvent(new MessageEvent('message', { data }));
      post({ type: 'aidw-open-session', sessionId: '<img src=x onerror=alert(1)>' });
      post({ type: 'something-else', sessionId: 's-other' });
      post('s-bot');
      post({ type: 'aidw-open-session', sessionId: 's-mine' });
    });
    await waitFor(() => opened().includes('s-mine'), 'conversation-open s-mine');
    // And from a real service worker registered under the inbox path.
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('sw.js', { scope: './' });
      (await navigator.serviceWorker.ready).active!.postMessage('s-first');
    });
    await waitFor(() => opened().includes('s-first'), 'conversation-open s-first');
    expect(opened()).toEqual(['s-late', 's-mine', 's-first']);
  });
});
