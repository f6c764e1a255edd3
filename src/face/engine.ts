import { FaceDetector, FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import type { Timers } from '../util/environment.js';
import type { DetectedFace, Point } from './analysis/index.js';
import type { WasmFiles } from './defaults.js';
import { FaceError, WASM_DIRECTIVE } from './errors.js';

/** What the engine needs; all of it resolved by the runtime from the widget's options. */
export interface EngineConfig {
  /** Absolute URL of the folder with MediaPipe's wasm files, or undefined when not configured. */
  wasmBaseUrl: string | undefined;
  /** The runtime's files one by one (the npm build's default); used when there is no wasmBaseUrl. */
  wasmFiles?: WasmFiles | undefined;
  detectorModelUrl: string | undefined;
  landmarkerModelUrl: string | undefined;
  timeoutMs: number;
  timers: Timers;
  fetch: typeof fetch;
  /** Model bytes already fetched, by URL: shared across engines, filled by this one. */
  models: Map<string, Uint8Array>;
  doc: Document;
}

/** A frame the tasks can read: a canvas we drew a camera frame or a photo on. */
export type FrameSource = HTMLCanvasElement | OffscreenCanvas;

/** The smallest valid wasm module: compiling it tells whether the page lets WebAssembly run at all. */
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

type Fileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;

/**
 * MediaPipe's FaceDetector (and, when configured, FaceLandmarker), made once and reused: creating
 * and closing them repeatedly grows memory. IMAGE mode throughout, for the live guidance as for
 * the capture: one detector, no mode switch, and BlazeFace tracks nothing across video frames
 * anyway. Only URLs the merchant configured (or our own files beside the chunk) are fetched.
 */
export class FaceEngine {
  private fileset: Promise<Fileset> | undefined;
  private detector: Promise<FaceDetector> | undefined;
  private landmarker: Promise<FaceLandmarker | undefined> | undefined;
  private readonly made: (FaceDetector | FaceLandmarker)[] = [];
  /** The canvases MediaPipe draws on (one WebGL context each), ours so that close() can release them. */
  private readonly canvases: (HTMLCanvasElement | OffscreenCanvas)[] = [];
  /** Aborted by close(): stops model downloads and clears the load timers. */
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly config: EngineConfig) {}

  /** Whether a landmarker model is set (ours beside the chunk by default): a face shape is expected. */
  get hasLandmarker(): boolean {
    return !!this.config.landmarkerModelUrl;
  }

  /** Loads the runtime and the detector (once); a failure is forgotten so the next call retries. */
  ready(): Promise<FaceDetector> {
    this.detector ??= this.createDetector().catch((error: unknown) => {
      this.detector = undefined;
      this.fileset = undefined;
      throw error;
    });
    return this.detector;
  }

  /** Faces in `source`, in its pixels (the detector is loaded first if it is not yet). */
  async detect(source: FrameSource): Promise<DetectedFace[]> {
    const detector = await this.ready();
    if (this.closed) throw new FaceError('closed', 'The face engine was closed');
    const { width, height } = source;
    return detector.detect(source).detections.flatMap((d) => {
      const box = d.boundingBox;
      if (!box) return [];
      return [{
        box: { x: box.originX, y: box.originY, width: box.width, height: box.height },
        keypoints: d.keypoints.map((k) => ({ x: k.x * width, y: k.y * height })),
        score: d.categories[0]?.score ?? 0,
      }];
    });
  }

  /**
   * The 478 landmarks of the main face, in pixels; undefined without a landmarker model, or when
   * it failed to load (face shape is then honestly absent: `onError` hears why).
   */
  async landmarks(source: FrameSource, onError: (error: FaceError) => void): Promise<Point[] | undefined> {
    const url = this.config.landmarkerModelUrl;
    if (!url) return undefined;
    this.landmarker ??= this.ready().then(async (): Promise<FaceLandmarker | undefined> => {
      const model = await this.fetchModel(url);
      const creating = FaceLandmarker.createFromOptions(await this.files(), { baseOptions: { modelAssetBuffer: model, delegate: 'CPU' }, runningMode: 'IMAGE', numFaces: 1, canvas: this.canvas() });
      return this.keep(await this.within(creating, 'model', `The face landmarker did not start within ${this.config.timeoutMs} ms`, () => {
        creating.then((late) => late.close(), () => {});
      }));
    }).catch((error: unknown) => {
      this.landmarker = undefined;
      onError(error instanceof FaceError ? error : new FaceError('model', `The face landmarker model at ${url} was refused: ${describe(error)}`, error));
      return undefined;
    });
    const landmarker = await this.landmarker;
    removeLoaderScripts(this.config.doc, (await this.files()).wasmLoaderPath);
    if (!landmarker || this.closed) return undefined;
    const { width, height } = source;
    const face = landmarker.detect(source).faceLandmarks[0];
    return face?.map((p) => ({ x: p.x * width, y: p.y * height, z: p.z * width }));
  }

  /**
   * Closes what was made and releases the WebGL contexts (a page gets only a few, and a closed
   * task keeps its own); anything still loading is closed when it arrives. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    for (const task of this.made.splice(0)) task.close();
    for (const canvas of this.canvases.splice(0)) loseContext(canvas);
  }

  /**
   * A canvas for one task's WebGL work (MediaPipe uploads every image as a texture, CPU delegate
   * or not). Without one, MediaPipe makes its own, out of our reach.
   */
  private canvas(): HTMLCanvasElement | OffscreenCanvas {
    const view = this.config.doc.defaultView as (Window & typeof globalThis) | null;
    const canvas = typeof view?.OffscreenCanvas === 'function' ? new view.OffscreenCanvas(1, 1) : this.config.doc.createElement('canvas');
    this.canvases.push(canvas);
    return canvas;
  }

  private async createDetector(): Promise<FaceDetector> {
    const { detectorModelUrl } = this.config;
    if (!detectorModelUrl || !this.wasmWhere) {
      throw new FaceError('not-configured', 'Face analysis needs face.wasmBaseUrl and face.detectorModelUrl in this build (see docs/face-analysis.md)');
    }
    await probeWebAssembly(this.config.doc);
    const [files, model] = await Promise.all([this.files(), this.fetchModel(detectorModelUrl)]);
    const creating = FaceDetector.createFromOptions(files, { baseOptions: { modelAssetBuffer: model, delegate: 'CPU' }, runningMode: 'IMAGE', canvas: this.canvas() });
    try {
      return this.keep(await this.within(creating, 'runtime', `The face analysis runtime did not start within ${this.config.timeoutMs} ms`, () => {
        // Given up on, it may still arrive: close it then.
        creating.then((late) => late.close(), () => {});
      }));
    } catch (error) {
      throw error instanceof FaceError ? error : classifyStartError(error, this.wasmWhere!, detectorModelUrl);
    } finally {
      removeLoaderScripts(this.config.doc, files.wasmLoaderPath);
    }
  }

  /** Where the runtime comes from, for messages; undefined when not configured. */
  private get wasmWhere(): string | undefined {
    return this.config.wasmBaseUrl ?? this.config.wasmFiles?.simd.loader;
  }

  private files(): Promise<Fileset> {
    // Resolves the file names only (and tests SIMD support locally); the loader script comes later.
    const { wasmBaseUrl, wasmFiles } = this.config;
    this.fileset ??= wasmBaseUrl ? FilesetResolver.forVisionTasks(wasmBaseUrl) : pickRuntime(wasmFiles!);
    return this.fileset;
  }

  /** Fetches a model ourselves, to give it a timeout and a clear error, and hands the bytes over. */
  private async fetchModel(url: string): Promise<Uint8Array> {
    const known = this.config.models.get(url);
    if (known) return known;
    const controller = new AbortController();
    const stop = () => controller.abort();
    this.abort.signal.addEventListener('abort', stop);
    const read = (async () => {
      let response: Response;
      try {
        response = await this.config.fetch(url, { signal: controller.signal, credentials: 'same-origin' });
      } catch (error) {
        throw new FaceError('model', `The face model at ${url} could not be fetched: ${describe(error)}`, error);
      }
      if (!response.ok) throw new FaceError('model', `The face model at ${url} answered HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      this.config.models.set(url, bytes);
      return bytes;
    })();
    try {
      return await this.within(read, 'model', `The face model at ${url} did not arrive within ${this.config.timeoutMs} ms`, stop);
    } finally {
      this.abort.signal.removeEventListener('abort', stop);
    }
  }

  /**
   * Rejects with a FaceError of `code` when `work` takes longer than the configured timeout, and
   * with 'closed' (the timer cleared) when the engine is closed first.
   */
  private within<T>(work: Promise<T>, code: 'runtime' | 'model', message: string, onTimeout: () => void): Promise<T> {
    const { timers, timeoutMs } = this.config;
    const { signal } = this.abort;
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        timers.clearTimeout(timer);
        signal.removeEventListener('abort', onClose);
      };
      const onClose = () => {
        settle();
        onTimeout();
        reject(new FaceError('closed', 'The face engine was closed'));
      };
      const timer = timers.setTimeout(() => {
        settle();
        onTimeout();
        reject(new FaceError(code, message));
      }, timeoutMs);
      if (signal.aborted) return onClose();
      signal.addEventListener('abort', onClose);
      work.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /** Remembers a task for close(); one that arrives after close() is closed at once. */
  private keep<T extends FaceDetector | FaceLandmarker>(task: T): T {
    if (this.closed) {
      task.close();
      throw new FaceError('closed', 'The face engine was closed');
    }
    this.made.push(task);
    return task;
  }
}

/**
 * Fails fast, before 10 MB of wasm are downloaded for nothing: without WebAssembly, or when the
 * page's Content-Security-Policy forbids compiling it (a CompileError, and a
 * `securitypolicyviolation` for 'wasm-eval', on even the empty module).
 */
async function probeWebAssembly(doc: Document): Promise<void> {
  const wasm = (doc.defaultView as (Window & typeof globalThis) | null)?.WebAssembly ?? globalThis.WebAssembly;
  if (typeof wasm !== 'object' || typeof wasm.instantiate !== 'function') {
    throw new FaceError('no-webassembly', 'This browser has no WebAssembly');
  }
  let violated = false;
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    if (/eval/.test(event.blockedURI) || /eval/.test(event.sample ?? '')) violated = true;
  };
  doc.addEventListener('securitypolicyviolation', onViolation);
  try {
    await wasm.instantiate(EMPTY_WASM);
  } catch (error) {
    // The empty module is valid: only a policy can refuse to compile it.
    throw cspError(error);
  } finally {
    doc.removeEventListener('securitypolicyviolation', onViolation);
  }
  if (violated) throw cspError(undefined);
}

/** The SIMD runtime where the browser runs wasm SIMD, as FilesetResolver chooses from a folder. */
async function pickRuntime(files: WasmFiles): Promise<Fileset> {
  const pair = (await FilesetResolver.isSimdSupported()) ? files.simd : files.noSimd;
  return { wasmLoaderPath: pair.loader, wasmBinaryPath: pair.binary };
}

/**
 * Frees a canvas's WebGL context now rather than at garbage collection. Asking for the context
 * MediaPipe made returns that same context (webgl2, or webgl where only that exists).
 */
function loseContext(canvas: HTMLCanvasElement | OffscreenCanvas): void {
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | WebGL2RenderingContext | null;
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
}

/** MediaPipe adds its loader as a `<script>` to the page's body and leaves it there; it has run, so it can go. */
function removeLoaderScripts(doc: Document, src: string): void {
  for (const script of Array.from(doc.scripts)) if (script.src === src) script.remove();
}

function cspError(cause: unknown): FaceError {
  return new FaceError('csp', `The page's Content-Security-Policy blocks WebAssembly: add ${WASM_DIRECTIVE} to script-src`, cause);
}

/** MediaPipe rejects with an Event (the loader script failed), an abort (the wasm failed) or a graph error (the model). */
function classifyStartError(error: unknown, wasmBaseUrl: string, modelUrl: string): FaceError {
  const text = describe(error);
  if (typeof Event !== 'undefined' && error instanceof Event) {
    return new FaceError('runtime', `The face analysis runtime could not be loaded from ${wasmBaseUrl}`, error);
  }
  if ((error as { name?: string } | null)?.name === 'CompileError' && /policy|CSP|eval/i.test(text)) return cspError(error);
  if (/wasm|Aborted|ModuleFactory|fetch/i.test(text)) {
    return new FaceError('runtime', `The face analysis runtime could not be loaded from ${wasmBaseUrl}: ${text}`, error);
  }
  return new FaceError('model', `The face model at ${modelUrl} was refused: ${text}`, error);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof Event !== 'undefined' && error instanceof Event) return `${error.type} event`;
  return String(error);
}
