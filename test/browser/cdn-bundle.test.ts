import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

const stack = demoInChromium();



/** Collects page errors and failed requests so a test can assert that nothing went wrong. */
async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await newTestPage(stack.browser);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(stack.demo.url + path);
  return { page, errors };
}

describe('the built CDN bundle in Chromium', () => {
  it('AIDiscovery.init() on a bare page returns a widget that chats with the server', async () => {
    const { page, errors } = await openPage('bare.html');
    const result = await page.evaluate(async () => {
      const g = (window as unknown as { AIDiscovery: { init: (o: object) => import('../../src/index').AIDiscoveryWidget } }).AIDiscovery;
      const widget = g.init({ socketUrl: location.origin });
      (window as unknown as { widget: unknown }).widget = widget;
      const response = new Promise<import('../../src/index').ChatResponse>((resolve) => widget.on('response', resolve));
      const ack = await widget.send('blue light glasses');
      const r = await response;
      return { ack, status: widget.status, text: r.response, blocks: r.blocks?.map((b) => b.type), globals: Object.keys(g).sort() };
    });
    expect(result.ack.duplicate).toBe(false);
    expect(result.status).toBe('connected');
    expect(result.text).toMatch(/\w+/);
    expect(result.blocks).toContain('products');
    expect(result.globals).toEqual(expect.arrayContaining(['AIDiscoveryWidget', 'init']));
    // A closed panel renders nothing of the conversation; opening it brings the answer in.
    const cards = () => page.evaluate(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelectorAll('.card').length);
    await page.waitForFunction(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelector('.panel[hidden]') !== null);
    expect(await cards()).toBe(0);
    await page.evaluate(() => (window as unknown as { widget: { open(): void } }).widget.open());
    await page.waitForFunction(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelectorAll('.card').length > 0);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('the demo store starts the widget from its script tag, and a shopper can chat by keyboard', async () => {
    const { page, errors } = await openPage('bundle.html');
    const launcher = page.locator('[data-ai-discovery] >> css=.launcher');
    await launcher.waitFor();
    await launcher.focus();
    await page.keyboard.press('Enter');
    const input = page.locator('[data-ai-discovery] >> css=.composer input');
    await expect.poll(() => input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.keyboard.type('blue light glasses');
    await page.keyboard.press('Enter');
    const card = page.locator('[data-ai-discovery] >> css=.card a').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toMatch(/blue light/i);
    expect(await page.locator('[data-ai-discovery] >> css=.launcher').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-ai-discovery] >> css=.panel').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('page CSS aimed at everything, with !important, does not change the widget', async () => {
    const { page, errors } = await openPage('bundle.html');
    // Without motion the panel is in its final place at once, so both measurements compare like with like.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator('[data-ai-discovery] >> css=.launcher').click();
    await page.locator('[data-ai-discovery] >> css=.panel').waitFor();
    const measure = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
        return ['.launcher', '.panel', '.header h2', '.composer input', '.composer button'].map((selector) => {
          const el = root.querySelector(selector)!;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return { selector, box: [box.x, box.y, box.width, box.height].map(Math.round), color: style.color, background: style.backgroundColor, font: style.font, display: style.display };
        });
      });
    const before = await measure();
    await page.addStyleTag({
      content: `* { color: #f0f !important; font: 30px/3 cursive !important; box-sizing: content-box !important; }
        div, section, header, form { display: block !important; padding: 40px !important; background: lime !important; position: static !important; }
        button, input { all: unset !important; background: red !important; width: 500px !important; }
        ai-discovery-widget, [data-ai-discovery] { display: none !important; }`,
    });
    const after = await measure();
    expect(after).toEqual(before);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });
});
