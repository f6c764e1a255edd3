import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium } from '../support/browser';
import { faceScene, facePng } from '../support/draw-face';
import { camera, inWidget, openConsent, openFacePage, settled, startCameraUntilReady, uploadPhoto } from './face-page';

/*
 * When the flow closes, face analysis gives back what it took: every camera track stopped, every
 * worker terminated, every WebGL context lost, no timer or animation frame of ours pending.
 * Counted in the page by an init script that wraps the browser APIs before any script runs; a
 * timer or frame is "ours" when the face chunk or MediaPipe's wasm loader is on its call stack.
 */

const RESOURCE_WATCH = `(() => {
  Error.stackTraceLimit = 100;
  const ours = () => /ai-discovery\\.face\\.js|vision_wasm/.test(new Error().stack || '');
  const watch = { contexts: [], workers: { made: 0, terminated: 0 }, timers: new Set(), frames: new Set() };
  window.__resources = watch;
  for (const Canvas of [HTMLCanvasElement, typeof OffscreenCanvas === 'function' ? OffscreenCanvas : undefined]) {
    if (!Canvas) continue;
    const getContext = Canvas.prototype.getContext;
    Canvas.prototype.getContext = function (type, ...rest) {
      const context = getContext.call(this, type, ...rest);
      if (context && /webgl/.test(type) && !watch.contexts.includes(context)) watch.contexts.push(context);
      return context;
    };
  }
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) { super(...args); watch.workers.made++; }
    terminate() { watch.workers.terminated++; super.terminate(); }
  };
  const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci, requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
  window.setTimeout = function (fn, ...rest) {
    if (!ours()) return st.call(window, fn, ...rest);
    const id = st.call(window, (...a) => { watch.timers.delete(id); return typeof fn === 'function' ? fn(...a) : undefined; }, ...rest);
    watch.timers.add(id);
    return id;
  };
  window.setInterval = function (...args) { const id = si.apply(window, args); if (ours()) watch.timers.add(id); return id; };
  window.clearTimeout = function (id) { watch.timers.delete(id); return ct.call(window, id); };
  window.clearInterval = function (id) { watch.timers.delete(id); return ci.call(window, id); };
  window.requestAnimationFrame = function (fn) {
    if (!ours()) return raf.call(window, fn);
    const id = raf.call(window, (t) => { watch.frames.delete(id); fn(t); });
    watch.frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) { watch.frames.delete(id); return caf.call(window, id); };
})();`;

interface Resources {
  contexts: number;
  lost: number;
  workers: { made: number; terminated: number };
  timers: number;
  frames: number;
}

const resources = (page: Page): Promise<Resources> =>
  page.evaluate(() => {
    const w = (window as unknown as { __resources: { contexts: WebGLRenderingContext[]; workers: { made: number; terminated: number }; timers: Set<number>; frames: Set<number> } }).__resources;
    return { contexts: w.contexts.length, lost: w.contexts.filter((c) => c.isContextLost()).length, workers: { ...w.workers }, timers: w.timers.size, frames: w.frames.size };
  });

/** The flow loads two wasm instances and two models here: slow on a loaded 2-core machine. */
const LOAD_MS = 60_000;
const TEST_MS = 180_000;

const stack = demoInChromium();

describe('face analysis releases what it took when the flow closes', () => {
  it('camera, a photo from the camera step, then back to the chat: tracks, workers, WebGL contexts, timers all released', async () => {
    const { page, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: faceScene().scene }, init: RESOURCE_WATCH });
    await openConsent(page);
    await startCameraUntilReady(page);
    // While the camera runs: a live track, WebGL in use (MediaPipe uploads frames as textures), the guidance loop.
    const live = await resources(page);
    expect(await camera(page).liveTracks()).toBe(1);
    expect(live.contexts).toBeGreaterThan(0);
    expect(live.lost).toBe(0);
    expect(live.frames + live.timers).toBeGreaterThan(0);

    // A photo from the camera step runs the detector and the landmarker too (shape by default).
    await uploadPhoto(page, 'face-photo', facePng());
    expect(await settled(page, LOAD_MS)).toBe('done');
    await page.locator(inWidget('[part="face-done"]')).click();
    await page.locator(inWidget('.composer input')).waitFor();

    await expect.poll(async () => (await resources(page)).lost, { timeout: 5_000 }).toBe((await resources(page)).contexts);
    const after = await resources(page);
    expect(after.contexts).toBeGreaterThanOrEqual(2); // the detector's and the landmarker's
    expect(await camera(page).liveTracks()).toBe(0);
    expect(after.workers.terminated).toBe(after.workers.made);
    expect(after.timers).toBe(0);
    expect(after.frames).toBe(0);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  }, TEST_MS);

  it('a second run after the release works, and downloads no model again', async () => {
    const { page, requests, errors } = await openFacePage(stack.browser, `${stack.demo.url}bundle.html`, { camera: { scene: faceScene().scene }, init: RESOURCE_WATCH });
    for (let run = 0; run < 2; run++) {
      if (run === 0) await openConsent(page);
      else await page.locator(inWidget('.face-entry')).click();
      await uploadPhoto(page, 'face-consent-photo', facePng());
      expect(await settled(page, LOAD_MS)).toBe('done');
      await page.locator(inWidget('[part="face-done"]')).click();
      await page.locator(inWidget('.composer input')).waitFor();
    }
    const counts = await resources(page);
    expect(counts.lost).toBe(counts.contexts);
    const fetched = (pattern: RegExp) => requests.filter((url) => pattern.test(url)).length;
    expect(fetched(/face_detector\.tflite$/)).toBe(1);
    expect(fetched(/face_landmarker\.task$/)).toBe(1);
    expect(fetched(/ai-discovery\.face\.js$/)).toBe(1);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  }, TEST_MS);
});
