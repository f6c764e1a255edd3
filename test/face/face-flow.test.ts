import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatFindings, isSeriousOrCritical, runAxe, settleAnimations } from '../support/axe';
import { closeTestPage, demoInChromium } from '../support/browser';
import { faceScene, facePng } from '../support/draw-face';
import {
  camera, chatStillWorks, FACE_FILES, faceEvents, inWidget, openConsent, openFacePage, recordingResponder, settled,
  startCameraUntilReady, uploadPhoto,
} from './face-page';

/*
 * "Find my fit" end to end in Chromium: the built CDN bundle on the demo store, the real face chunk,
 * MediaPipe's real FaceDetector on our shipped model, and the real chat server (its demo catalog
 * responder, wrapped to record what it was asked). The camera is a stand-in: a canvas stream of a
 * drawn face (test/support/draw-face.ts), because there is no camera on a CI machine.
 */

const SHOTS = 'test-results/screenshots';
const server = recordingResponder();
const stack = demoInChromium({ respond: server.respond });
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const face = faceScene().scene;

/** axe-core on the whole page: no serious or critical finding inside the widget. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  await settleAnimations(page);
  const findings = (await runAxe(page)).filter((f) => f.inWidget && isSeriousOrCritical(f));
  expect(findings, `axe in the ${state} step:\n${formatFindings(findings)}`).toEqual([]);
}

/** Each run loads the runtime and both models (the landmarker is on by default): slow on a loaded machine. */
const TEST_MS = 180_000;

describe('find my fit in Chromium', { timeout: TEST_MS }, () => {
  it('completes the flow from the camera: consent, guidance, capture, attributes sent, recommendation shown', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: face } });
    await openConsent(page);
    const consent = await page.locator(inWidget('.face')).innerText();
    expect(consent).toMatch(/analysed on this device and never leaves it/);
    expect(consent).toMatch(/nothing is stored/);
    // Consent is asked before anything of face analysis is fetched.
    expect(requests.filter((url) => FACE_FILES.test(url))).toEqual([]);
    expect(await camera(page).calls()).toBe(0);
    await expectAccessible(page, 'consent');

    await startCameraUntilReady(page);
    expect(await page.locator(inWidget('.face-status')).textContent()).toMatch(/take the picture/i);
    await expectAccessible(page, 'camera');
    await page.screenshot({ path: `${SHOTS}/face-live.png` });
    await page.locator(inWidget('[part="face-capture"]')).click();
    // The camera stops at the capture, before any analysis result.
    await expect.poll(() => camera(page).liveTracks()).toBe(0);
    expect(await camera(page).tracks()).toBeGreaterThan(0);
    expect(await settled(page)).toBe('done');

    // What the host page heard is what the server got, and nothing else travelled.
    const [attributes] = await faceEvents(page);
    expect(attributes).toBeDefined();
    expect(attributes!.skinTone?.band).toMatch(/light|intermediate/);
    const received = server.messages.find((m) => m.face !== undefined);
    expect(received?.face).toEqual(attributes);
    expect(Object.keys(received!.face!).sort()).toEqual(Object.keys(attributes!).sort());
    // The shopper sees what was derived and sent.
    const result = await page.locator(inWidget('.face-result')).innerText();
    expect(result).toContain('Skin tone');
    expect(await page.locator(inWidget('.face-result [data-skin-tone]')).getAttribute('data-skin-tone')).toBe(attributes!.skinTone!.band);
    await page.screenshot({ path: `${SHOTS}/face-done.png` });
    await expectAccessible(page, 'result');

    // The recommendation is an ordinary answer in the chat, replying to the analysis.
    await page.locator(inWidget('[part="face-done"]')).click();
    await page.locator(inWidget('.card')).first().waitFor({ timeout: 15_000 });
    expect(await page.locator(inWidget('.face-entry')).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    const reply = await page.evaluate(async (id) => {
      const widget = (window as unknown as { __widget: { getSnapshot(): { conversation: { entries: { kind: string; replyTo?: string; blocks: { type: string }[] }[] } } } }).__widget;
      return widget.getSnapshot().conversation.entries.find((e) => e.kind === 'assistant' && e.replyTo === id);
    }, received!.id);
    expect(reply?.blocks.map((b) => b.type)).toContain('products');
    await page.screenshot({ path: `${SHOTS}/face-recommendation.png` });

    // Nothing of it is kept on the device: what the page stores (IndexedDB, else localStorage)
    // holds the conversation without the recommendation, which names the face shape or tone.
    const stored = await page.evaluate(async (replyTo) => {
      await new Promise((r) => setTimeout(r, 300)); // the save after the answer
      const idb = await new Promise<string[]>((resolve) => {
        const request = indexedDB.open('ai-discovery');
        request.onerror = () => resolve([]);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('kv')) return (db.close(), resolve([]));
          const all = db.transaction('kv').objectStore('kv').getAll();
          all.onsuccess = () => (db.close(), resolve(all.result.map(String)));
        };
      });
      const local = Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? '');
      return { texts: [...idb, ...local].filter((t) => t.includes('"sessionId"')), mentions: [...idb, ...local].some((t) => t.includes(replyTo)) };
    }, received!.id);
    expect(stored.texts.length).toBeGreaterThan(0);
    expect(stored.mentions).toBe(false);

    // Everything came from the store's own origin: no Google, no CDN, nothing else.
    const origin = new URL(stack.demo.url).host;
    expect(requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).host !== origin)).toEqual([]);
    expect(requests.filter((url) => FACE_FILES.test(url)).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('a photo goes through the same analysis, and one detector serves several analyses', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: face } });
    await openConsent(page);
    await uploadPhoto(page, 'face-consent-photo', facePng({ skin: [150, 100, 70] }));
    expect(await settled(page)).toBe('done');
    // The photo path never asked for the camera.
    expect(await camera(page).calls()).toBe(0);
    const before = server.messages.length;

    // Again with the camera, then with a photo from the camera step: the same page, the same detector.
    await page.locator(inWidget('[part="face-done"]')).click();
    await page.locator(inWidget('.face-entry')).click();
    await startCameraUntilReady(page);
    await uploadPhoto(page, 'face-photo', facePng());
    expect(await settled(page)).toBe('done');
    await expect.poll(() => camera(page).liveTracks()).toBe(0);

    const events = await faceEvents(page);
    expect(events).toHaveLength(2);
    // A deeper skin in the first photo reads deeper than the default one.
    expect(events[0]!.skinTone!.ita).toBeLessThan(events[1]!.skinTone!.ita);
    await expect.poll(() => server.messages.length).toBe(before + 1);
    expect(server.messages.at(-1)!.face).toEqual(events[1]);
    // The models are fetched once for all three runs. The runtime's loader once per task and flow
    // (MediaPipe runs it for each task it creates, the detector's and the landmarker's; a closed
    // flow releases both instances: see face-release.test.ts), the camera and the photo after it
    // sharing them: two flows, four.
    const fetched = (pattern: RegExp) => requests.filter((url) => pattern.test(url)).length;
    expect(fetched(/face_detector\.tflite$/)).toBe(1);
    expect(fetched(/face_landmarker\.task$/)).toBe(1);
    expect(fetched(/vision_wasm(_nosimd)?_internal\.js$/)).toBe(4);
    expect(fetched(/ai-discovery\.face\.js$/)).toBe(1);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('"Not now" loads nothing of face analysis, and the chat goes on', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: face } });
    await openConsent(page);
    await page.locator(inWidget('[part="face-not-now"]')).click();
    await page.locator(inWidget('.composer input')).waitFor();
    // Back on the button that opened it.
    expect(await page.locator(inWidget('.face-entry')).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await chatStillWorks(page);
    expect(requests.filter((url) => FACE_FILES.test(url))).toEqual([]);
    expect(await camera(page).calls()).toBe(0);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('live guidance follows what the camera sees, and only a good frame can be taken', async () => {
    const { page, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: face } });
    await openConsent(page);
    await startCameraUntilReady(page);
    const status = page.locator(inWidget('.face-status'));
    const capture = page.locator(inWidget('[part="face-capture"]'));
    const two = faceScene({ centerX: 0.3, scale: 0.4 }).scene;
    const cases: [string, ReturnType<typeof faceScene>['scene'], RegExp][] = [
      ['no face', { ...face, shapes: face.shapes.slice(0, 1) }, /look at the camera/i],
      ['far', faceScene({ scale: 0.2 }).scene, /come a little closer/i],
      ['off-centre', faceScene({ centerX: 0.25, scale: 0.5 }).scene, /middle of the oval/i],
      ['dark', faceScene({ brightness: 0.15 }).scene, /too dark/i],
      ['two faces', { ...two, shapes: [...two.shapes, ...faceScene({ centerX: 0.72, scale: 0.4 }).scene.shapes.slice(1)] }, /only one face/i],
    ];
    for (const [name, scene, hint] of cases) {
      await camera(page).setScene(scene);
      await expect.poll(() => status.textContent(), { message: name, timeout: 10_000 }).toMatch(hint);
      expect(await capture.getAttribute('aria-disabled'), name).toBe('true');
      // Pressing it anyway takes nothing (forced: the hint above it may still be reflowing).
      await capture.click({ force: true });
      expect(await page.locator(inWidget('.face-flow')).getAttribute('data-step')).toBe('live');
    }
    await camera(page).setScene(face);
    await expect.poll(() => capture.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe(null);
    // Leaving the flow stops the camera.
    await page.locator(inWidget('[part="face-back"]')).click();
    await expect.poll(() => camera(page).liveTracks()).toBe(0);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  }, TEST_MS);

  it('closing the panel or destroying the widget stops the camera and leaves nothing behind', async () => {
    const { page, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: face } });
    await openConsent(page);
    await startCameraUntilReady(page);
    expect(await camera(page).liveTracks()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => camera(page).liveTracks()).toBe(0);
    // Escape left the flow, not the chat; a second one closes the panel.
    await page.locator(inWidget('.composer input')).waitFor();

    await page.locator(inWidget('.face-entry')).click();
    await startCameraUntilReady(page);
    await page.evaluate(() => (window as unknown as { __widget: { close(): void } }).__widget.close());
    await expect.poll(() => camera(page).liveTracks()).toBe(0);

    await page.evaluate(() => (window as unknown as { __widget: { open(): void } }).__widget.open());
    await page.locator(inWidget('.face-entry')).click();
    await startCameraUntilReady(page);
    await page.evaluate(() => (window as unknown as { __widget: { destroy(): void } }).__widget.destroy());
    await expect.poll(() => camera(page).liveTracks()).toBe(0);
    expect(await camera(page).tracks()).toBe(3);
    // No host element, no MediaPipe loader script left in the page.
    expect(await page.evaluate(() => document.querySelectorAll('[data-ai-discovery], script[src*="mediapipe"]').length)).toBe(0);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('the AMD build, loaded by RequireJS, finds its face chunk and files beside itself', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bare.html`);
    await page.addScriptTag({ url: '/vendor/require.js' });
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const w = window as unknown as { requirejs: { config(c: object): void }; require: (deps: string[], ok: (m: { init(o: object): unknown }) => void, fail: (e: Error) => void) => void; __watch(w: unknown): void };
          w.requirejs.config({ paths: { aiDiscovery: '/dist/amd/ai-discovery' } });
          w.require(['aiDiscovery'], (m) => {
            w.__watch(m.init({ socketUrl: location.origin, face: { enabled: true } }));
            resolve();
          }, reject);
        }),
    );
    await openConsent(page);
    await uploadPhoto(page, 'face-consent-photo', facePng());
    expect(await settled(page)).toBe('done');
    // Face shape with no configuration, from the model beside the chunk.
    expect((await faceEvents(page))[0]?.faceShape).toBeDefined();
    // (Unique paths: a server that does not say application/wasm gets the binary asked for twice.)
    expect([...new Set(requests.filter((url) => FACE_FILES.test(url)).map((url) => new URL(url).pathname))].sort()).toEqual([
      '/dist/amd/ai-discovery.face.js',
      '/dist/amd/mediapipe/face_detector.tflite',
      '/dist/amd/mediapipe/face_landmarker.task',
      '/dist/amd/mediapipe/wasm/vision_wasm_internal.js',
      '/dist/amd/mediapipe/wasm/vision_wasm_internal.wasm',
    ]);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('works right to left, in Arabic, by keyboard', async () => {
    const { page, errors } = await openFacePage(stack.browser, `${stack.demo.url}ar.html`, { camera: { scene: face } });
    await page.locator(inWidget('.launcher')).click();
    const entry = page.locator(inWidget('.face-entry'));
    expect(await entry.textContent()).toBe('ما يناسبني');
    await entry.focus();
    await page.keyboard.press('Enter');
    // Focus lands on the step's heading; Tab reaches "use my camera".
    expect(await page.locator(inWidget('.face h3')).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.activeElement?.getAttribute('part'))).toBe('face-consent-camera');
    await page.keyboard.press('Enter');
    const capture = page.locator(inWidget('[part="face-capture"]:not([aria-disabled])'));
    await capture.waitFor({ timeout: 20_000 });
    expect(await capture.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await page.locator(inWidget('.panel')).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await page.keyboard.press('Enter');
    expect(await settled(page)).toBe('done');
    expect(await page.locator(inWidget('.face-result')).innerText()).toContain('لون البشرة');
    await page.screenshot({ path: `${SHOTS}/face-rtl.png` });
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });
});
