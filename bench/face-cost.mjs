// 11. Face analysis on the device: what "Find my fit" downloads (raw, gzip, brotli), how long a
// shopper waits from choosing a photo to the result in headless Chromium with MediaPipe's SIMD and
// non-SIMD wasm runtimes, and how much memory the page holds while the flow is open and after it
// closed. Cold runs: a new browser context each (empty HTTP cache), one loopback server of our own
// that serves dist/ with the right types (.wasm as application/wasm, as a store should).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { kb, mb, summary, table, within } from './lib/stats.mjs';

const CDN = 'dist/cdn';
const FILES = [
  ['ai-discovery.face.js', 'face chunk (MediaPipe tasks-vision and our code)'],
  ['mediapipe/wasm/vision_wasm_internal.js', 'wasm loader, SIMD'],
  ['mediapipe/wasm/vision_wasm_internal.wasm', 'wasm runtime, SIMD'],
  ['mediapipe/wasm/vision_wasm_nosimd_internal.js', 'wasm loader, no SIMD'],
  ['mediapipe/wasm/vision_wasm_nosimd_internal.wasm', 'wasm runtime, no SIMD'],
  ['mediapipe/face_detector.tflite', 'face detector model'],
  ['mediapipe/face_landmarker.task', 'face landmarker model (detector + 468-point mesh)'],
];
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };
const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>face cost</title></head><body><script src="/dist/cdn/ai-discovery.js"></script></body></html>';

/**
 * Makes the SIMD probe fail, so MediaPipe's FilesetResolver picks the non-SIMD runtime as on a
 * browser without wasm SIMD. The probe is a tiny module using a SIMD opcode (prefix 0xfd); every
 * other instantiation goes through untouched.
 */
const NO_SIMD = `(() => {
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (source, ...rest) {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : undefined;
    if (bytes && bytes.byteLength < 256 && bytes.includes(0xfd)) return Promise.reject(new WebAssembly.CompileError('SIMD disabled for the benchmark'));
    return instantiate.call(this, source, ...rest);
  };
})();`;

/** Above this, brotli quality 11 takes minutes of CPU (the 11 MB wasm): quality 9 instead, within a few % of it. */
const BROTLI_11_LIMIT = 2 * 1024 * 1024;

function sizes(path) {
  const bytes = readFileSync(path);
  const quality = bytes.length > BROTLI_11_LIMIT ? 9 : 11;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length, quality };
}

/** The test suite's drawn face as a PNG (test/support/draw-face.ts, bundled on the fly: bench/ is plain JS). */
async function drawnFacePng() {
  const { outputFiles } = await build({ entryPoints: ['test/support/draw-face.ts'], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  return module.facePng();
}

function startServer() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/' || path === `${sep}`) return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
    const file = join(process.cwd(), path);
    if (!path.startsWith(`${sep}dist${sep}`) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) })));
}

/** Resident memory of the browser's renderer processes (the page's wasm memory lives there), in bytes. */
async function rendererRss(browserCdp) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  let total = 0;
  for (const p of processInfo.filter((p) => p.type === 'renderer')) {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${p.id}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // The process ended between the two calls.
    }
  }
  return total;
}

async function gc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
}

const inWidget = (css) => `[data-ai-discovery] >> css=${css}`;

async function oneRun({ browser, browserCdp, url, png, simd }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (!simd) await page.addInitScript(NO_SIMD);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const cdp = await context.newCDPSession(page);
    await page.goto(url);
    await page.evaluate(() => {
      const widget = window.AIDiscovery.init({ socketUrl: location.origin, face: { enabled: true } });
      widget.on('face-analysis', (a) => (window.__result = { at: performance.now(), a }));
      widget.open();
    });
    await page.locator(inWidget('.face-entry')).click();
    await page.locator(inWidget('[part="face-consent-photo"]')).waitFor();
    await gc(cdp);
    const before = await rendererRss(browserCdp);
    await page.evaluate(() => (window.__t0 = performance.now()));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(inWidget('[part="face-consent-photo"]')).click()]);
    await chooser.setFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await page.waitForFunction(() => window.__result, undefined, { timeout: 120_000, polling: 50 });
    const { ms, shape } = await page.evaluate(() => ({ ms: window.__result.at - window.__t0, shape: window.__result.a.faceShape }));
    const open = await rendererRss(browserCdp);
    await page.locator(inWidget('[part="face-done"], [part="face-back"]')).first().click();
    await gc(cdp);
    const closed = await rendererRss(browserCdp);
    const runtime = requests.some((u) => u.includes('_nosimd_internal.wasm')) ? 'no SIMD' : requests.some((u) => u.includes('vision_wasm_internal.wasm')) ? 'SIMD' : 'none';
    return { ms, shape, runtime, before, open, closed };
  } finally {
    await context.close();
  }
}

export async function measureFaceCost({ browser, runs = 3 }) {
  const byteRows = FILES.map(([file, what]) => {
    const path = join(CDN, file);
    if (!existsSync(path)) return [`\`${file}\``, what, 'not built', '', ''];
    const s = sizes(path);
    return [`\`${file}\``, what, kb(s.raw), kb(s.gzip), `${kb(s.brotli)}${s.quality === 11 ? '' : ` (q${s.quality})`}`];
  });
  const png = await drawnFacePng();
  const server = await startServer();
  const browserCdp = await browser.newBrowserCDPSession();
  const results = { SIMD: [], 'no SIMD': [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const simd of [true, false]) {
        const run = await within(oneRun({ browser, browserCdp, url: server.url, png, simd }), 180_000, `face run ${i} ${simd ? 'SIMD' : 'no SIMD'}`);
        results[simd ? 'SIMD' : 'no SIMD'].push(run);
      }
    }
  } finally {
    await browserCdp.detach();
    await server.close();
  }
  const timeRows = Object.entries(results).map(([name, list]) => {
    const t = summary(list.map((r) => r.ms));
    return [name, list.map((r) => r.runtime).join(', '), `${(t.median / 1000).toFixed(2)} s (${(t.min / 1000).toFixed(2)}–${(t.max / 1000).toFixed(2)})`, list.map((r) => r.shape ?? 'none').join(', ')];
  });
  const memoryRows = Object.entries(results).map(([name, list]) => {
    const m = (key) => summary(list.map((r) => r[key] - r.before)).median;
    return [name, mb(summary(list.map((r) => r.before)).median), `+${mb(m('open'))}`, `${m('closed') >= 0 ? '+' : ''}${mb(m('closed'))}`];
  });
  const markdown = [
    'Files of face analysis, all fetched only after the shopper chooses the camera or a photo (a browser fetches one of the two runtimes). Brotli quality 11 (9 where marked), gzip level 9.',
    '',
    table(['file', 'what', 'raw', 'gzip', 'brotli'], byteRows),
    '',
    `Time from choosing "Upload a photo" to the \`face-analysis\` event (chunk, runtime, detector and landmarker loaded, detection, landmarks, skin tone, face shape), cold (new context, empty cache), the drawn test face, ${runs} runs each; median (min–max). The non-SIMD runtime is forced by failing MediaPipe's SIMD probe.`,
    '',
    table(['runtime', 'loaded', 'consent to result', 'face shape found'], timeRows),
    '',
    'Memory: resident size of the renderer processes (where wasm memory lives) after a forced GC, before the photo, while the result is shown, and after the flow closed (MediaPipe released); medians.',
    '',
    table(['runtime', 'before', 'result shown', 'flow closed'], memoryRows),
  ].join('\n');
  return { markdown, results, byteRows };
}
