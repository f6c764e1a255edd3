import type { CDPSession } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser';

// The browser project's files connect to one Chromium that the global setup
// (test/support/chromium-server.ts) launches for the run, instead of launching one each.

const MARKER = 'about:blank#shared-chromium-marker';

async function targetUrls(session: CDPSession): Promise<string[]> {
  const { targetInfos } = await session.send('Target.getTargets');
  return targetInfos.map((target) => target.url);
}

describe('the shared Chromium', () => {
  it('serves every launchChromium() of the run, each connection with its own contexts', async () => {
    expect(inject('chromiumEndpoint')).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    const [first, second] = await Promise.all([launchChromium(), launchChromium()]);
    const own = await launchChromium(['--lang=de']);
    try {
      const page = await first.newPage();
      await page.goto(MARKER);
      // The second connection sees none of the first one's contexts, yet its Chromium holds that
      // page: both reach the same browser process.
      expect(second.contexts()).toEqual([]);
      expect(await targetUrls(await second.newBrowserCDPSession())).toContain(MARKER);
      // Flags are per process: a file that asks for its own gets a Chromium of its own.
      expect(await targetUrls(await own.newBrowserCDPSession())).not.toContain(MARKER);
    } finally {
      await Promise.all([first.close(), second.close(), own.close()]);
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
