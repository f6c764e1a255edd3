import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestPage, demoInChromium } from '../support/browser';
import { facePng } from '../support/draw-face';
import { FACE_FILES, faceEvents, openConsent, openFacePage, settled, uploadPhoto } from './face-page';

/*
 * Face shape with no configuration in the npm build (issue 17): an app imports dist/esm, its
 * bundler (Vite here) follows the `new URL(…, import.meta.url)` of dist/esm/face/defaults.js and
 * copies the runtime (from @mediapipe/tasks-vision) and our models (from the package's
 * dist/cdn/mediapipe) with the app. The shopper's browser then gets everything from the app's own
 * origin, and only after consent.
 */

const ESM_ENTRY = resolve('dist/esm/index.js');
/** The flow loads two wasm instances and two models here: slow on a loaded 2-core machine. */
const LOAD_MS = 60_000;
const TEST_MS = 180_000;

const stack = demoInChromium();
let app: PreviewServer | undefined;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'face-npm-app-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title></head><body><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(
    join(dir, 'main.js'),
    [
      `import { AIDiscoveryWidget } from ${JSON.stringify(ESM_ENTRY)};`,
      'const widget = new AIDiscoveryWidget({ socketUrl: location.origin, face: { enabled: true } });',
      'window.__watch(widget);',
      'widget.mount();',
    ].join('\n'),
  );
  await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: join(dir, 'dist') } });
  // The app's own server; the chat goes through it to the demo store's server, as an app's proxy would.
  app = await preview({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: join(dir, 'dist') },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, proxy: { '/socket.io': { target: stack.demo.url, ws: true } } },
  });
}, TEST_MS);

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('face shape with no configuration, npm build through a bundler', () => {
  it('a Vite app that only turns face analysis on: consent, a photo, a face shape; every file from the app, none before consent', async () => {
    const url = app!.resolvedUrls!.local[0]!;
    const { page, requests, errors } = await openFacePage(stack.browser, url);
    await openConsent(page);
    expect(requests.filter((u) => FACE_FILES.test(u) || /\.task$/.test(u))).toEqual([]);

    await uploadPhoto(page, 'face-consent-photo', facePng());
    expect(await settled(page, LOAD_MS)).toBe('done');
    const [attributes] = await faceEvents(page);
    expect(['oval', 'round', 'square', 'heart', 'oblong', 'diamond']).toContain(attributes?.faceShape);
    expect(attributes?.skinTone).toBeDefined();

    // The bundler copied the runtime and both models under its own names; they came from the app.
    const host = new URL(url).host;
    const fetched = (pattern: RegExp) => requests.filter((u) => pattern.test(new URL(u).pathname));
    expect(fetched(/face_landmarker[^/]*\.task$/).map((u) => new URL(u).host)).toEqual([host]);
    expect(fetched(/face_detector[^/]*\.tflite$/).map((u) => new URL(u).host)).toEqual([host]);
    expect(fetched(/vision_wasm_(nosimd_)?internal[^/]*\.wasm$/).length).toBeGreaterThan(0);
    expect(requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).host !== host)).toEqual([]);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  }, TEST_MS);
});
