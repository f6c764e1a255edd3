import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium } from '../support/browser';
import { facePng } from '../support/draw-face';
import { FACE_FILES, faceEvents, inWidget, openConsent, openFacePage, recordingResponder, settled, uploadPhoto } from './face-page';

/*
 * Face shape out of the box (issue 17): the built bundles ship a FaceLandmarker model
 * (mediapipe/face_landmarker.task, made by build/face-task.ts from npm packages), so a store
 * that only turns face analysis on gets a face shape, and frames chosen by it, with every file
 * from its own origin and nothing fetched before the shopper consents.
 */

const server = recordingResponder();
/** The flow loads two wasm instances and two models here: slow on a loaded 2-core machine. */
const LOAD_MS = 60_000;
const TEST_MS = 180_000;

const stack = demoInChromium({ respond: server.respond });

const SHAPES = ['oval', 'round', 'square', 'heart', 'oblong', 'diamond'];

/** The assistant entry replying to the face analysis `id`, with its text and product blocks. */
function reply(page: Page, id: string) {
  return page.evaluate((replyTo) => {
    type Entry = { kind: string; replyTo?: string; text?: string; blocks: { type: string; items?: { title: string }[] }[] };
    const widget = (window as unknown as { __widget: { getSnapshot(): { conversation: { entries: Entry[] } } } }).__widget;
    const entry = widget.getSnapshot().conversation.entries.find((e) => e.kind === 'assistant' && e.replyTo === replyTo);
    return entry && { text: entry.text ?? '', products: entry.blocks.filter((b) => b.type === 'products').map((b) => (b.items ?? []).map((i) => i.title)) };
  }, id);
}

describe('face shape with no configuration', () => {
  it('the script-tag build on the demo store: consent, a photo, a face shape, and frames chosen by it', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`);
    await openConsent(page);
    // Nothing of face analysis, the landmark model least of all, before the shopper chooses.
    expect(requests.filter((url) => FACE_FILES.test(url) || /\.task$/.test(url))).toEqual([]);
    await uploadPhoto(page, 'face-consent-photo', facePng());
    expect(await settled(page, LOAD_MS)).toBe('done');

    const [attributes] = await faceEvents(page);
    expect(SHAPES).toContain(attributes?.faceShape);
    expect(attributes?.skinTone).toBeDefined();
    // The shopper is shown the shape that was sent.
    expect(await page.locator(inWidget('.face-result')).innerText()).toMatch(/face shape/i);
    const received = server.messages.find((m) => m.face?.faceShape !== undefined);
    expect(received?.face).toEqual(attributes);

    // The answer names the shape and brings frames for it.
    await page.locator(inWidget('[part="face-done"]')).click();
    await page.locator(inWidget('.card')).first().waitFor({ timeout: 15_000 });
    const answer = await reply(page, received!.id);
    expect(answer?.text).toMatch(new RegExp(`${attributes!.faceShape}[\\w-]* face`));
    expect(answer?.products[0]?.length).toBeGreaterThan(0);

    // The model came from the store's own origin, beside the face chunk; nothing went elsewhere.
    const origin = new URL(stack.demo.url).origin;
    expect(requests.filter((url) => /face_landmarker\.task$/.test(url))).toEqual([`${origin}/dist/cdn/mediapipe/face_landmarker.task`]);
    const host = new URL(origin).host;
    expect(requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).host !== host)).toEqual([]);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  }, TEST_MS);

  it('a merchant\'s own landmarkerModelUrl still wins over the shipped one', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bare.html`);
    await page.addScriptTag({ url: '/dist/cdn/ai-discovery.js' });
    await page.evaluate(() => {
      const g = (window as unknown as { AIDiscovery: { init: (o: object) => unknown }; __watch(w: unknown): void });
      g.__watch(g.AIDiscovery.init({ socketUrl: location.origin, face: { enabled: true, landmarkerModelUrl: '/dist/amd/mediapipe/face_landmarker.task' } }));
    });
    await openConsent(page);
    await uploadPhoto(page, 'face-consent-photo', facePng());
    expect(await settled(page, LOAD_MS)).toBe('done');
    expect(SHAPES).toContain((await faceEvents(page))[0]?.faceShape);
    expect(requests.filter((url) => /face_landmarker\.task$/.test(url)).map((url) => new URL(url).pathname)).toEqual(['/dist/amd/mediapipe/face_landmarker.task']);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  }, TEST_MS);
});
