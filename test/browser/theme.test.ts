import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/** Corner and colours as the shopper sees them: measured boxes and computed colours in Chromium. */
const stack = demoInChromium();

async function place(page: Page, options: object, lang = 'en') {
  await page.goto(stack.demo.url + 'bare.html');
  return page.evaluate(
    async ({ options, lang }) => {
      document.documentElement.lang = lang;
      const g = (window as unknown as { AIDiscovery: { init: (o: object) => unknown } }).AIDiscovery;
      g.init({ socketUrl: location.origin, startOpen: true, ...options });
      const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
      while (!root.querySelector('.panel')) await new Promise((r) => setTimeout(r, 20));
      const box = (selector: string) => {
        const r = root.querySelector(selector)!.getBoundingClientRect();
        return { left: Math.round(r.left), right: Math.round(innerWidth - r.right) };
      };
      const launcher = root.querySelector('.launcher')!;
      return { launcher: box('.launcher'), panel: box('.panel'), background: getComputedStyle(launcher).backgroundColor, color: getComputedStyle(launcher).color };
    },
    { options, lang },
  );
}

describe('position and colours', () => {
  it('sits bottom right by default, bottom left when asked, and mirrors for right-to-left text unless fixed', async () => {
    const page = await newTestPage(stack.browser, { viewport: { width: 1280, height: 800 } });
    const byDefault = await place(page, {});
    expect([byDefault.launcher.right, byDefault.panel.right]).toEqual([20, 20]);
    const left = await place(page, { position: 'left' });
    expect([left.launcher.left, left.panel.left]).toEqual([20, 20]);
    const arabic = await place(page, {}, 'ar');
    expect(arabic.launcher.left).toBe(20);
    const arabicRight = await place(page, { position: 'right' }, 'ar');
    expect([arabicRight.launcher.right, arabicRight.panel.right]).toEqual([20, 20]);
    await closeTestPage(page);
  });

  it("takes the store's colours, and refuses anything that is not a colour", async () => {
    const page = await newTestPage(stack.browser);
    const themed = await place(page, { accentColor: '#0a7c52', accentTextColor: 'rgb(255, 250, 240)' });
    expect([themed.background, themed.color]).toEqual(['rgb(10, 124, 82)', 'rgb(255, 250, 240)']);
    const refused = await page.evaluate(() => {
      const g = (window as unknown as { AIDiscovery: { AIDiscoveryWidget: new (o: object) => unknown } }).AIDiscovery;
      return ['red; background: url(//evil.test/x)', 'url(//evil.test/x)', 'var(--x)'].map((accentColor) => {
        try {
          new g.AIDiscoveryWidget({ accentColor });
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      });
    });
    expect(refused).toEqual(Array(3).fill('AIDiscoveryWidget: accentColor must be a colour such as "#0a7c52"'));
    await closeTestPage(page);
  });
});
