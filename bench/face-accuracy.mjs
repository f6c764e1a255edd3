// 12. Face analysis accuracy on a generated test set (test/support/face-testset.ts): drawn faces of
// known shape (6), Monk skin tone (10) and light (neutral, warm, cool), at four framings (size,
// off-centre, 8° roll). Each face is painted on a canvas in headless Chromium and analysed by the
// shipped pipeline: MediaPipe's FaceDetector and FaceLandmarker on our models from dist/cdn, then
// src/face/analyse.ts (quality, skin tone, face shape) exactly as the widget runs it. Nothing in the
// analysis is fitted to this set; every third face is also reported apart as "held out".
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { build } from 'esbuild';
import { table } from './lib/stats.mjs';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };

async function bundle(contents, platform, globalName) {
  const { outputFiles } = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, logLevel: 'silent',
    platform, format: platform === 'node' ? 'esm' : 'iife', ...(globalName ? { globalName } : {}),
  });
  return outputFiles[0].text;
}

function startServer(analysisScript) {
  const vision = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('@mediapipe/tasks-vision'));
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>face accuracy</title><script src="/analysis.js"></script></head><body><canvas id="frame"></canvas></body></html>`;
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/' || path === sep) return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
    if (path === `${sep}analysis.js`) return res.writeHead(200, { 'content-type': TYPES['.js'] }).end(analysisScript);
    const file = path.startsWith(`${sep}tasks-vision${sep}`) ? join(vision, path.slice('/tasks-vision/'.length)) : path.startsWith(`${sep}dist${sep}`) ? join(process.cwd(), path) : undefined;
    if (!file || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) })));
}

/** In the page: detector and landmarker once, then one call per face (scene in, attributes out). */
const PAGE_SETUP = `(async () => {
  const vision = await import('/tasks-vision/vision_bundle.mjs');
  const files = await vision.FilesetResolver.forVisionTasks('/tasks-vision/wasm');
  const detector = await vision.FaceDetector.createFromOptions(files, { baseOptions: { modelAssetPath: '/dist/cdn/mediapipe/face_detector.tflite', delegate: 'CPU' }, runningMode: 'IMAGE' });
  const landmarker = await vision.FaceLandmarker.createFromOptions(files, { baseOptions: { modelAssetPath: '/dist/cdn/mediapipe/face_landmarker.task', delegate: 'CPU' }, runningMode: 'IMAGE', numFaces: 1 });
  window.analyseScene = (scene) => {
    const canvas = document.querySelector('#frame');
    window.paintScene(canvas, scene);
    const { width, height } = canvas;
    const faces = detector.detect(canvas).detections.flatMap((d) => d.boundingBox ? [{
      box: { x: d.boundingBox.originX, y: d.boundingBox.originY, width: d.boundingBox.width, height: d.boundingBox.height },
      keypoints: d.keypoints.map((k) => ({ x: k.x * width, y: k.y * height })),
      score: d.categories[0]?.score ?? 0,
    }] : []);
    const mesh = faces.length ? landmarker.detect(canvas).faceLandmarks[0] : undefined;
    const landmarks = mesh?.map((p) => ({ x: p.x * width, y: p.y * height, z: p.z * width }));
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height);
    const result = FaceAnalysis.analyse('photo', faces, pixels, landmarks);
    // The same frame without the white-balance correction, for the drift table's "before" figures.
    const raw = FaceAnalysis.analyse('photo', faces, pixels, landmarks, { whiteBalance: false });
    const balance = faces.length ? FaceAnalysis.estimateWhiteBalance(pixels, faces[0], landmarks).source : 'none';
    const rawTone = raw.ok ? raw.attributes.skinTone : undefined;
    return result.ok ? { shape: result.attributes.faceShape, tone: result.attributes.skinTone, rawTone, balance } : { issue: result.issue ?? 'inconclusive', rawTone, balance };
  };
})()`;

const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(0)}%`);

export async function measureFaceAccuracy({ browser }) {
  const set = await import(`data:text/javascript;base64,${Buffer.from(await bundle("export { testSet, testFaceScene, MONK } from './test/support/face-testset.ts'; export { PAINT_SCENE_INIT_SCRIPT } from './test/support/draw-face.ts';", 'node')).toString('base64')}`);
  const analysis = await bundle("export { analyse } from './src/face/analyse.ts'; export { estimateWhiteBalance } from './src/face/analysis/white-balance.ts';", 'browser', 'FaceAnalysis');
  const server = await startServer(analysis);
  const context = await browser.newContext();
  const rows = [];
  try {
    const page = await context.newPage();
    await page.addInitScript(set.PAINT_SCENE_INIT_SCRIPT);
    await page.goto(server.url);
    await page.evaluate(PAGE_SETUP);
    for (const face of set.testSet()) {
      const out = await page.evaluate((scene) => window.analyseScene(scene), set.testFaceScene(face));
      rows.push({ face, out });
    }
  } finally {
    await context.close();
    await server.close();
  }
  return { markdown: report(rows), rows };
}

function report(rows) {
  const shapes = [...new Set(rows.map((r) => r.face.shape))];
  const shapeRow = (label, list) => {
    const found = list.filter((r) => r.out.shape);
    const right = found.filter((r) => r.out.shape === r.face.shape);
    const top = Object.entries(found.reduce((m, r) => ((m[r.out.shape] = (m[r.out.shape] ?? 0) + 1), m), {})).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v}`).join(', ');
    return [label, list.length, pct(right.length, list.length), pct(found.length ? right.length : 0, found.length), pct(list.length - found.length, list.length), top || '–'];
  };
  const shapeTable = table(
    ['drawn shape', 'faces', 'right (of all)', 'right (of those with a shape)', 'no shape (inconclusive)', 'read as'],
    [...shapes.map((s) => shapeRow(s, rows.filter((r) => r.face.shape === s))), shapeRow('**all**', rows), shapeRow('held out (every third)', rows.filter((r) => r.face.heldOut))],
  );
  const neutral = rows.filter((r) => r.face.light === 'neutral');
  const toneRows = [];
  for (let monk = 1; monk <= 10; monk++) {
    const list = neutral.filter((r) => r.face.monk === monk);
    const toned = list.filter((r) => r.out.tone);
    const exact = toned.filter((r) => r.out.tone.monk === monk).length;
    const near = toned.filter((r) => Math.abs(r.out.tone.monk - monk) <= 1).length;
    const read = toned.map((r) => r.out.tone.monk).sort((a, b) => a - b);
    const shapeRight = list.filter((r) => r.out.shape === r.face.shape).length;
    toneRows.push([monk, list.length, pct(exact, toned.length), pct(near, toned.length), pct(list.length - toned.length, list.length), read.length ? `${read[0]}–${read.at(-1)}` : '–', pct(shapeRight, list.length)]);
  }
  // Both readings of a lit face are compared with the uncorrected reading of its neutral-light twin:
  // the "after" of the neutral row is then what the correction does when there is nothing to undo.
  const sign = (x, digits, unit = '') => (Number.isNaN(x) ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}${unit}`);
  const drift = (light) => {
    const lit = rows.filter((x) => x.face.light === light);
    const side = (key) => {
      const deltas = [];
      for (const r of lit.filter((x) => x.out[key])) {
        const twin = neutral.find((n) => n.face.shape === r.face.shape && n.face.monk === r.face.monk && n.out.rawTone);
        if (twin) deltas.push({ ita: r.out[key].ita - twin.out.rawTone.ita, monk: r.out[key].monk - twin.out.rawTone.monk });
      }
      const mean = (f) => (deltas.length ? deltas.reduce((a, d) => a + f(d), 0) / deltas.length : NaN);
      return {
        dropped: pct(lit.filter((x) => !x.out[key]).length, lit.length), pairs: deltas.length,
        ita: sign(mean((d) => d.ita), 1, '°'), absIta: `${mean((d) => Math.abs(d.ita)).toFixed(1)}°`,
        monk: sign(mean((d) => d.monk), 2), shifted: pct(deltas.filter((d) => d.monk !== 0).length, deltas.length),
      };
    };
    const [b, a] = [side('rawTone'), side('tone')];
    const sources = Object.entries(lit.reduce((m, r) => ((m[r.out.balance] = (m[r.out.balance] ?? 0) + 1), m), {})).map(([k, v]) => `${k} ${v}`).join(', ');
    return [light, `${b.dropped} → ${a.dropped}`, `${b.pairs} → ${a.pairs}`, `${b.ita} → ${a.ita}`, `${b.absIta} → ${a.absIta}`, `${b.monk} → ${a.monk}`, `${b.shifted} → ${a.shifted}`, sources];
  };
  const inconclusive = rows.filter((r) => r.out.issue).length;
  return [
    `${rows.length} generated faces (6 shapes × 10 Monk colours × 3 lights, four framings in turn: 55 % of the height centred, 42 % centred, 55 % off-centre at 40 % of the width, 55 % rolled 8°), analysed as a photo. ${pct(inconclusive, rows.length)} gave no result at all (${[...new Set(rows.filter((r) => r.out.issue).map((r) => r.out.issue))].join(', ') || 'none'}).`,
    '',
    '**Face shape**, all lights:',
    '',
    shapeTable,
    '',
    '**Skin tone per Monk bucket**, neutral light. The colour drawn is the Monk orb itself and the analysis names the nearest orb, so this checks that the cheek sampling reads the skin and nothing else (hair, shadow, background), not the scale itself:',
    '',
    table(['Monk bucket drawn', 'faces', 'bucket exact', 'within ±1', 'no tone (left out)', 'buckets read', 'shape right'], toneRows),
    '',
    '**Drift under coloured light**: the same face under warm (R×1.10, B×0.80) and cool (R×0.86, G×0.97, B×1.12) light against its neutral-light reading without correction; each cell is without → with the white-balance correction (src/face/analysis/white-balance.ts), both from the same frames in this run. The last column says what the correction read the cast from (sclera, background, both, or none trusted).',
    '',
    table(['light', 'no tone (left out as untrustworthy)', 'pairs with a tone', 'mean ITA change', 'mean absolute ITA change', 'mean Monk change', 'bucket changed', 'cast read from'], ['neutral', 'warm', 'cool'].map(drift)),
    '',
    'These are drawn faces: flat colours, a cartoon outline. They show whether the pipeline separates shapes and tones that are clearly drawn, and how light moves the tone; they are not an accuracy figure for real photographs, of which none with a licence is on npm or Debian.',
  ].join('\n');
}
