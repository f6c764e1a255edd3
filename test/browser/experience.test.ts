import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/** Screenshots of each state land here (git-ignored) for a person to look at. */
const SHOTS = 'test-results/screenshots';

const stack = demoInChromium();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const inWidget = (selector: string) => `[data-ai-discovery] >> css=${selector}`;

/** A page that records errors, failed requests and CSP violations. */
async function open(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await newTestPage(stack.browser, { reducedMotion: 'reduce', ...options });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await page.exposeFunction('__cspViolation', (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(stack.demo.url + path);
  return { page, problems };
}

async function ask(page: Page, text: string): Promise<void> {
  const input = page.locator(inWidget('.composer input'));
  await input.fill(text);
  await input.press('Enter');
}

describe('the chat experience in Chromium', () => {
  it.each([
    ['the bundle', 'strict-csp.html', '/dist/cdn/ai-discovery.js'],
    ['the launcher, which hands over to the bundle at the press', 'strict-csp-launcher.html', '/dist/cdn/launcher.js'],
  ])('works on a page with a strict Content-Security-Policy, with no violation, installed by %s', async (_, path, tag) => {
    const { page, problems } = await open(path);
    expect(await page.evaluate(() => [...document.scripts].map((script) => script.getAttribute('src')))).toEqual([tag]);
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("style-src 'self'");
    await page.locator(inWidget('.launcher')).click();
    await ask(page, 'blue light glasses');
    await page.locator(inWidget('.card')).first().waitFor();
    expect(await page.locator(inWidget('.card a')).first().textContent()).toMatch(/blue light/i);
    // Styles came through: the launcher is the accent colour, not an unstyled button.
    expect(await page.locator(inWidget('.launcher')).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(31, 79, 209)');
    await page.screenshot({ path: `${SHOTS}/${path.replace('.html', '.png')}` });
    expect(problems).toEqual([]);
    await closeTestPage(page);
  });

  it('a keyboard-only session: open, type, send, pick a quick reply, close', async () => {
    const { page, problems } = await open('bundle.html');
    // Tab through the page until the launcher has focus, as a keyboard user would.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const onLauncher = await page.evaluate(() => document.activeElement?.matches('[data-ai-discovery]') &&
        document.querySelector('[data-ai-discovery]')!.shadowRoot!.activeElement?.classList.contains('launcher'));
      if (onLauncher) break;
    }
    await page.keyboard.press('Enter');
    const focusedClass = () => page.evaluate(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.activeElement?.className ?? '');
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.activeElement?.tagName)).toBe('INPUT');
    await page.keyboard.type('sunglasses');
    await page.keyboard.press('Enter');
    await page.locator(inWidget('.chip[part="quick-reply"]')).first().waitFor();
    const before = await page.locator(inWidget('.msg.shopper')).count();
    // Tab forward to the first quick reply and press it.
    for (let i = 0; i < 40 && !(await focusedClass()).includes('chip'); i++) await page.keyboard.press('Tab');
    const chosen = await page.evaluate(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.activeElement?.textContent);
    expect(chosen).toBeTruthy();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(inWidget('.msg.shopper')).count()).toBe(before + 1);
    expect(await page.locator(inWidget('.msg.shopper .text')).last().textContent()).toBeTruthy();
    await page.screenshot({ path: `${SHOTS}/keyboard.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(inWidget('.panel')).isHidden()).toBe(true);
    expect(await focusedClass()).toContain('launcher');
    expect(await page.locator(inWidget('.launcher')).getAttribute('aria-expanded')).toBe('false');
    expect(problems).toEqual([]);
    await closeTestPage(page);
  });

  it('an Arabic page is laid out right to left, in Arabic', async () => {
    const { page, problems } = await open('ar.html');
    await page.locator(inWidget('.launcher')).click();
    await ask(page, 'sunglasses');
    await page.locator(inWidget('.card')).first().waitFor();
    const layout = await page.evaluate(() => {
      const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
      const rect = (s: string) => root.querySelector(s)!.getBoundingClientRect();
      return {
        dir: root.querySelector('.root')!.getAttribute('dir'),
        title: root.querySelector('.header h2')!.textContent,
        addToCart: root.querySelector('.card .add')!.textContent,
        launcherLeft: rect('.launcher').left,
        panelLeft: rect('.panel').left,
        shopperLeft: rect('.msg.shopper').left,
        assistantLeft: rect('.msg.assistant').left,
        width: innerWidth,
      };
    });
    expect(layout.dir).toBe('rtl');
    expect(layout.title).toBe('مساعد التسوق');
    // The page has no cart function, so the card offers the product page, in Arabic.
    expect(layout.addToCart).toBe('عرض المنتج');
    // Mirrored: launcher and panel on the left, the shopper's bubbles on the left of the log.
    expect(layout.launcherLeft).toBeLessThan(layout.width / 2);
    expect(layout.panelLeft).toBeLessThan(layout.width / 2);
    expect(layout.shopperLeft).toBeLessThan(layout.assistantLeft);
    await page.screenshot({ path: `${SHOTS}/arabic-rtl.png` });
    expect(problems).toEqual([]);
    await closeTestPage(page);
  });

  it('a 390x844 phone gets the full-screen panel with a 16px field', async () => {
    const { page, problems } = await open('bundle.html', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.locator(inWidget('.launcher')).click();
    await page.locator(inWidget('.panel')).waitFor();
    const geometry = await page.evaluate(() => {
      const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
      const panel = root.querySelector('.panel')!.getBoundingClientRect();
      const input = root.querySelector('.composer input')!;
      return { panel: [panel.x, panel.y, panel.width, panel.height].map(Math.round), fontSize: getComputedStyle(input).fontSize, launcher: getComputedStyle(root.querySelector('.launcher')!).display };
    });
    expect(geometry.panel).toEqual([0, 0, 390, 844]);
    expect(geometry.fontSize).toBe('16px');
    expect(geometry.launcher).toBe('none');
    await ask(page, 'lipstick for light skin');
    await page.locator(inWidget('.card')).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/mobile.png` });
    expect(problems).toEqual([]);
    await closeTestPage(page);
  });
});
