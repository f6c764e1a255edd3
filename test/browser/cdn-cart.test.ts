import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/*
 * A card's cart button in the built script-tag bundle: it says "Added to cart" only when a cart
 * function on the page said so, and a script tag can name that function.
 */

const stack = demoInChromium();

const inWidget = (selector: string) => `[data-ai-discovery] >> css=${selector}`;

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await newTestPage(stack.browser);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(stack.demo.url + path);
  return { page, errors };
}

/**
 * Asks through the panel and waits for the answer's first card. A page that starts open shows its
 * panel once the panel's file has come; pressing the launcher before that would close it again (a
 * race a loaded machine lost), so only a closed page is opened by a press.
 */
async function askForCards(page: Page, { startsOpen }: { startsOpen: boolean }): Promise<void> {
  if (!startsOpen) await page.locator(inWidget('.launcher')).click();
  const input = page.locator(inWidget('.composer input'));
  await input.fill('blue light glasses');
  await input.press('Enter');
  await page.locator(inWidget('.card')).nth(1).waitFor({ timeout: 15_000 });
}

/** Every label a card's control has shown (as "card index:label"), from now on. */
async function recordLabels(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
    const seen: string[] = ((window as unknown as { seenLabels: string[] }).seenLabels = []);
    const note = () => root.querySelectorAll('.card .add').forEach((el, i) => seen.push(`${i}:${el.textContent ?? ''}`));
    new MutationObserver(note).observe(root, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { seenLabels: string[] }).seenLabels);
}

describe('the card cart button of the script-tag bundle', () => {
  it('on the quick start page (no cart function) never says "Added to cart": it links to the product page', async () => {
    const { page, errors } = await open('bundle.html');
    const labels = await recordLabels(page);
    await askForCards(page, { startsOpen: false });
    const first = page.locator(inWidget('.card .add')).first();
    const [tag, text, href, url] = await first.evaluate((el) => [el.tagName, el.textContent, el.getAttribute('href'), (el.closest('.card')!.querySelector('a') as HTMLAnchorElement).href]);
    expect([tag, text]).toEqual(['A', 'View product']);
    expect(new URL(href!, stack.demo.url).href).toBe(url);
    expect((await labels()).filter((l) => l.endsWith(':Added to cart'))).toEqual([]);
    // Where the shopper can really put it in the cart.
    await first.click();
    await page.waitForURL(url!);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('data-add-to-cart names the store\'s function: the button waits for it, then says done or shows its reason', async () => {
    const { page, errors } = await open('cdn-checks/cart.html');
    await askForCards(page, { startsOpen: true });
    const buttons = page.locator(inWidget('.card button.add'));
    const pending = () => page.evaluate(() => (window as unknown as { myStore: { pending: { id: string }[] } }).myStore.pending.map((p) => p.id));
    const settle = (index: number, how: 'resolve' | 'reject', message?: string) =>
      page.evaluate(([i, h, m]) => (window as unknown as { myStore: { pending: Record<string, (m?: string) => void>[] } }).myStore.pending[i as number]![h as string]!(m as string), [index, how, message]);

    await buttons.nth(0).click();
    await expect.poll(pending).toHaveLength(1);
    expect(await buttons.nth(0).textContent()).toBe('Adding…');
    expect(await buttons.nth(0).isDisabled()).toBe(true);
    await settle(0, 'resolve');
    await expect.poll(() => buttons.nth(0).textContent()).toBe('Added to cart');
    // Called as the store object's method, so `this` was the store.
    expect(await page.evaluate(() => (window as unknown as { myStore: { lines: string[] } }).myStore.lines)).toEqual([(await pending())[0]]);

    await buttons.nth(1).click();
    await expect.poll(pending).toHaveLength(2);
    await settle(1, 'reject', 'Only 1 left in stock');
    await expect.poll(() => buttons.nth(1).textContent()).toBe('Add to cart');
    expect(await page.locator(inWidget('.card .cart-note')).nth(1).textContent()).toBe('Only 1 left in stock');
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('AIDiscovery("on", "add-to-cart", fn): a returned promise is waited for; a listener that returns nothing claims nothing', async () => {
    const { page, errors } = await open('bare.html');
    await page.evaluate(() => {
      const w = window as unknown as { AIDiscovery: ((...a: unknown[]) => unknown) & { init(o: object): unknown }; release?: () => void; calls: number };
      w.calls = 0;
      w.AIDiscovery.init({ socketUrl: location.origin, startOpen: true });
      w.AIDiscovery('on', 'add-to-cart', () => {
        w.calls++;
        // The first press goes to a cart call that answers later; the second only notifies.
        return w.calls === 1 ? new Promise<void>((resolve) => (w.release = resolve)) : undefined;
      });
    });
    await askForCards(page, { startsOpen: true });
    const labels = await recordLabels(page);
    const buttons = page.locator(inWidget('.card button.add'));
    await buttons.nth(0).click();
    expect(await buttons.nth(0).textContent()).toBe('Adding…');
    await page.evaluate(() => (window as unknown as { release: () => void }).release());
    await expect.poll(() => buttons.nth(0).textContent()).toBe('Added to cart');
    await buttons.nth(1).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { calls: number }).calls)).toBe(2);
    await expect.poll(() => buttons.nth(1).isEnabled()).toBe(true);
    expect(await buttons.nth(1).textContent()).toBe('Add to cart');
    expect(await labels()).toContain('0:Added to cart');
    expect(await labels()).not.toContain('1:Added to cart');
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });
});
