import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchChromium, workerChromiumEndpoint } from '../support/browser';

// The browser project's files connect to their worker's Chromium, which the global setup
// (test/support/chromium-server.ts) launches once for the run, instead of launching one each.

const MARKER = 'about:blank#shared-chromium-marker';

async function targetUrls(browser: Browser): Promise<string[]> {
  const session: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await session.send('Target.getTargets');
  return targetInfos.map((target) => target.url);
}

describe('the shared Chromium', () => {
  it('one per worker, each serving every launchChromium() of the files that worker runs', async () => {
    const endpoints = inject('chromiumEndpoints') ?? [];
    expect(endpoints.length).toBeGreaterThanOrEqual(1);
    for (const endpoint of endpoints) expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    const mine = workerChromiumEndpoint();
    expect(endpoints).toContain(mine);

    const [first, second] = await Promise.all([launchChromium(), launchChromium()]);
    const others = await Promise.all(endpoints.filter((e) => e !== mine).map((e) => chromium.connect(e)));
    const own = await launchChromium(['--lang=de']);
    try {
      const page = await first.newPage();
      await page.goto(MARKER);
      // The second connection sees none of the first one's contexts, yet its Chromium holds that
      // page: both reach the same browser process.
      expect(second.contexts()).toEqual([]);
      expect(await targetUrls(second)).toContain(MARKER);
      // The other workers' Chromiums do not: a file never shares a browser process with the file
      // another worker runs at the same time.
      for (const other of others) expect(await targetUrls(other)).not.toContain(MARKER);
      // Flags are per process: a file that asks for its own gets a Chromium of its own.
      expect(await targetUrls(own)).not.toContain(MARKER);
    } finally {
      await Promise.all([first, second, own, ...others].map((browser) => browser.close()));
    }
  });

  it('closing a connection leaves the shared Chromium running for the next file', async () => {
    const first = await launchChromium();
    await first.close();
    const next = await launchChromium();
    try {
      const page = await next.newPage();
      await page.setContent('<p>still here</p>');
      expect(await page.textContent('p')).toBe('still here');
    } finally {
      await next.close();
    }
  });
});
