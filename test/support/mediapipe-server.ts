import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PAINT_SCENE_INIT_SCRIPT, type Point, type Scene } from './draw-face';
import { npmShortRangeModel, testFaceDetectorModel } from './face-model';

/**
 * A real HTTP server on loopback for MediaPipe in Chromium, everything served from this machine:
 *
 *   /                                   an empty HTML page (the origin for test pages)
 *   /harness.html                       a page with a <canvas id="frame"> that loads the harness
 *   /tasks-vision/<file>                node_modules/@mediapipe/tasks-vision (bundle, wasm/)
 *   /models/face_detector.tflite        the npm short-range model with our metadata added
 *   /models/face_detection_short_range.tflite   the same model as npm ships it (no metadata)
 *   /face-harness.mjs                   `window.faceHarness` (create, detect, close) for tests
 *   anything in `options.files`         extra pages or assets a test adds
 *
 * Each request's method and path is recorded in `requests`, so a test can assert what was
 * fetched (and, with Playwright's request events, that nothing went elsewhere).
 */
export interface MediaPipeServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: ReadonlyArray<{ readonly method: string; readonly path: string }>;
  close(): Promise<void>;
}

export interface ServedFile {
  readonly type: string;
  readonly body: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface MediaPipeServerOptions {
  /** Extra files by path (for example `{ '/csp.html': { type: 'text/html', body } }`). */
  readonly files?: Readonly<Record<string, ServedFile>>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

const EMPTY_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>face test</title></head><body></body></html>';
const HARNESS_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>face harness</title>' +
  '<script type="module" src="/face-harness.mjs"></script></head><body><canvas id="frame"></canvas></body></html>';

/**
 * Page-side test harness (plain JavaScript: it is served, not bundled). Detectors live in the
 * page, under ids, because Playwright cannot hand page objects back to Node.
 */
export const FACE_HARNESS_SOURCE = `
const detectors = new Map();
let nextId = 1;
const round = (n) => Math.round(n * 10) / 10;
window.faceHarness = {
  async create(modelAssetPath, options = {}) {
    const started = performance.now();
    const vision = await import('/tasks-vision/vision_bundle.mjs');
    const fileset = await vision.FilesetResolver.forVisionTasks(options.wasmBase ?? '/tasks-vision/wasm');
    const detector = await vision.FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath, delegate: 'CPU' },
      runningMode: 'IMAGE',
      ...(options.minDetectionConfidence === undefined ? {} : { minDetectionConfidence: options.minDetectionConfidence }),
    });
    const id = nextId++;
    detectors.set(id, detector);
    return { id, ms: round(performance.now() - started), wasmLoaderPath: fileset.wasmLoaderPath };
  },
  detect(id, source) {
    const detector = detectors.get(id);
    if (!detector) throw new Error('no detector ' + id);
    const element = typeof source === 'string' ? document.querySelector(source) : source;
    if (!element) throw new Error('no element ' + source);
    const started = performance.now();
    const result = detector.detect(element);
    const ms = performance.now() - started;
    return {
      ms: round(ms),
      detections: result.detections.map((d) => ({
        score: d.categories[0]?.score ?? 0,
        box: { x: d.boundingBox.originX, y: d.boundingBox.originY, width: d.boundingBox.width, height: d.boundingBox.height },
        keypoints: d.keypoints.map((k) => ({ x: k.x, y: k.y })),
      })),
    };
  },
  async close(id) {
    const detector = detectors.get(id);
    if (!detector) throw new Error('no detector ' + id);
    detectors.delete(id);
    await detector.close();
    return detector;
  },
  /** Keeps a closed detector reachable so a test can call it after close(). */
  async closeAndKeep(id) {
    const detector = await this.close(id);
    detectors.set(id, detector);
  },
};
`;

/**
 * Open to every origin, so a page served elsewhere (the demo store) may load the wasm and the
 * model from here: tasks-vision fetches the model with fetch() and injects the wasm loader as a
 * crossorigin="anonymous" script, both of which need CORS across origins.
 */
const SHARED_HEADERS = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' } as const;

function typeOf(path: string): string {
  if (path.endsWith('.d.ts')) return TYPES['.d.ts']!;
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

export async function startMediaPipeServer(options: MediaPipeServerOptions = {}): Promise<MediaPipeServer> {
  const require = createRequire(import.meta.url);
  // The package root: its `exports` hide package.json, so resolve the main file instead.
  const visionRoot = dirname(require.resolve('@mediapipe/tasks-vision'));
  const files = new Map<string, ServedFile>([
    ['/', { type: 'text/html; charset=utf-8', body: EMPTY_PAGE }],
    ['/harness.html', { type: 'text/html; charset=utf-8', body: HARNESS_PAGE }],
    ['/face-harness.mjs', { type: 'text/javascript; charset=utf-8', body: FACE_HARNESS_SOURCE }],
    ['/models/face_detector.tflite', { type: 'application/octet-stream', body: await testFaceDetectorModel() }],
    ['/models/face_detection_short_range.tflite', { type: 'application/octet-stream', body: await npmShortRangeModel() }],
    ...Object.entries(options.files ?? {}),
  ]);
  const requests: { method: string; path: string }[] = [];

  const serveVision = async (res: ServerResponse, path: string): Promise<boolean> => {
    const relative = normalize(decodeURIComponent(path.slice('/tasks-vision/'.length)));
    if (relative.startsWith('..') || relative.includes(`${sep}..`)) return false;
    const file = join(visionRoot, relative);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return false;
    res.writeHead(200, { 'content-type': typeOf(file), 'content-length': info.size, ...SHARED_HEADERS });
    createReadStream(file).pipe(res);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: req.method ?? 'GET', path });
    const file = files.get(path);
    if (file) {
      res.writeHead(200, { 'content-type': file.type, ...SHARED_HEADERS, ...file.headers });
      res.end(file.body);
      return;
    }
    if (path.startsWith('/tasks-vision/') && (await serveVision(res, path))) return;
    // Browsers ask for it unprompted; an empty answer keeps a 404 out of the page's console.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One face as the harness reports it: box in pixels, keypoints normalised (0..1) as MediaPipe gives them. */
export interface FaceDetection {
  readonly score: number;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** right eye, left eye, nose tip, mouth, right ear, left ear (the face's own right and left). */
  readonly keypoints: readonly Point[];
}

/** `window.faceHarness` on `/harness.html` (see FACE_HARNESS_SOURCE). */
export interface FaceHarness {
  /** Creates a FaceDetector (CPU, IMAGE mode) from the served bundle and wasm; rejects with MediaPipe's error. */
  create(modelAssetPath: string, options?: { wasmBase?: string; minDetectionConfidence?: number }): Promise<{ id: number; ms: number; wasmLoaderPath: string }>;
  /** Runs detection on an element (or a selector for one): canvas, video, image. */
  detect(id: number, source: string | HTMLCanvasElement | HTMLVideoElement | HTMLImageElement): { ms: number; detections: FaceDetection[] };
  close(id: number): Promise<unknown>;
  /** close(), but the closed detector stays under its id, so a test can call it afterwards. */
  closeAndKeep(id: number): Promise<void>;
}

/** The page's window as the harness and PAINT_SCENE_INIT_SCRIPT leave it (cast to it inside `page.evaluate`). */
export type HarnessWindow = Window & { faceHarness: FaceHarness; paintScene(canvas: HTMLCanvasElement, scene: Scene): void };

/** A page on `/harness.html` with `paintScene` and any other init scripts installed, harness loaded. */
export async function openHarnessPage(context: BrowserContext, server: MediaPipeServer, initScripts: readonly string[] = []): Promise<Page> {
  const page = await context.newPage();
  for (const script of [PAINT_SCENE_INIT_SCRIPT, ...initScripts]) await page.addInitScript(script);
  await page.goto(`${server.origin}/harness.html`);
  await page.waitForFunction(() => 'faceHarness' in window);
  return page;
}

/**
 * Pushes into `into` the URL of every request any page of `context` makes to an origin other
 * than `origin()` (data: and blob: URLs never leave the page and are not counted).
 */
export function watchForeignRequests(context: BrowserContext, origin: () => string, into: string[]): void {
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin()) into.push(request.url());
  });
}
