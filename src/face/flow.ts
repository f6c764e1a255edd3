import type { FaceAnalysisRequest, FaceAttributes } from '../protocol/index.js';
import type { FaceStart } from '../ui/types.js';
import type { FaceHost } from '../widget/face-host.js';
import { WidgetError } from '../util/errors.js';
import { analyse, type Analysis } from './analyse.js';
import { assessQuality, type QualityIssue } from './analysis/index.js';
import { Camera } from './camera.js';
import type { FaceEngine } from './engine.js';
import { FaceError, SETUP_ERRORS, type FaceErrorCode } from './errors.js';
import { decodePhoto, FrameCanvas, type Frame } from './frames.js';
import { sendFaceAnalysis } from './sender.js';

export type FlowStep = 'starting' | 'live' | 'analysing' | 'sending' | 'done' | 'inconclusive' | 'failed';

/** Everything the view renders, as one immutable value. */
export interface FlowSnapshot {
  step: FlowStep;
  source: 'camera' | 'photo';
  /** The detector is loaded: live guidance is running. */
  detectorReady: boolean;
  /** Live guidance: the issue to fix first, or 'ready' when the picture can be taken. */
  guidance: QualityIssue | 'ready' | undefined;
  /** Why a still picture gave nothing (undefined: nothing specific, the light in general). */
  issue?: QualityIssue | undefined;
  result?: { attributes: FaceAttributes; toneDropped: boolean; shapeConfigured: boolean } | undefined;
  error?: FaceErrorCode | undefined;
}

/** Live guidance runs on at most this many frames per second (each detect costs ~15 ms of CPU). */
const LIVE_INTERVAL_MS = 200;
/** A new hint must hold this many frames before it replaces the shown one (no flicker, no chatter). */
const STEADY_FRAMES = 2;
const LIVE_SIDE = 480;
const STILL_SIDE = 1280;

/**
 * One run of "find my fit": camera or photo, guidance, capture, analysis, sending. An external
 * store for the view. Every async step checks `run` on its way back, so a shopper who switched to
 * a photo or left never sees a stale result; `close()` stops the camera, the loop and any retry.
 */
export class FaceFlow {
  private snapshot: FlowSnapshot = { step: 'starting', source: 'camera', detectorReady: false, guidance: undefined };
  private readonly listeners = new Set<() => void>();
  private canvas: FrameCanvas | undefined;
  private readonly win: Window & typeof globalThis;
  private camera: Camera | undefined;
  private run = 0;
  private raf: number | undefined;
  private lastTick = -Infinity;
  private busy = false;
  private candidate: { hint: QualityIssue | 'ready'; frames: number } | undefined;
  private lastStart: FaceStart | undefined;
  private pending: FaceAnalysisRequest | undefined;
  private abort = new AbortController();
  private closed = false;

  constructor(
    private readonly host: FaceHost,
    private readonly engine: FaceEngine,
    private readonly doc: Document,
  ) {
    this.win = doc.defaultView as Window & typeof globalThis;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FlowSnapshot => this.snapshot;

  /** The camera preview, while there is one. */
  get video(): HTMLVideoElement | undefined {
    return this.camera?.video;
  }

  start(start: FaceStart): void {
    if (start.kind === 'camera') void this.useCamera();
    else void this.usePhoto(start.file);
  }

  async useCamera(): Promise<void> {
    const run = this.restart({ kind: 'camera' });
    this.commit({ step: 'starting', source: 'camera', detectorReady: false, guidance: undefined, issue: undefined, result: undefined, error: undefined });
    const camera = (this.camera = new Camera(this.doc));
    // The runtime loads while the shopper answers the camera prompt.
    const ready = this.engine.ready();
    ready.catch(() => {});
    try {
      await camera.start();
      if (run !== this.run) return;
      this.commit({ step: 'live' });
      await ready;
      if (run !== this.run) return;
      this.commit({ detectorReady: true });
      this.raf = this.win.requestAnimationFrame(this.loop);
    } catch (error) {
      if (run === this.run) this.fail(error);
    }
  }

  async usePhoto(file: Blob): Promise<void> {
    const run = this.restart({ kind: 'photo', file });
    this.commit({ step: 'analysing', source: 'photo', detectorReady: false, guidance: undefined, issue: undefined, result: undefined, error: undefined });
    const ready = this.engine.ready();
    ready.catch(() => {});
    try {
      const bitmap = await decodePhoto(this.win, file);
      let frame: Frame;
      try {
        await ready;
        if (run !== this.run) return;
        frame = this.frames.draw(bitmap, bitmap.width, bitmap.height, STILL_SIDE);
      } finally {
        bitmap.close();
      }
      await this.analyse(run, 'photo', frame);
    } catch (error) {
      if (run === this.run) this.fail(error);
    }
  }

  /** Takes the picture when the guidance says it is good; the camera stops at once. */
  async capture(): Promise<void> {
    const camera = this.camera;
    if (this.snapshot.step !== 'live' || this.snapshot.guidance !== 'ready' || !camera) return;
    const run = this.run;
    try {
      const frame = this.frames.draw(camera.video, camera.width, camera.height, STILL_SIDE);
      this.stopCamera();
      this.commit({ step: 'analysing' });
      await this.analyse(run, 'camera', frame);
    } catch (error) {
      if (run === this.run) this.fail(error);
    }
  }

  /** "Try again": resends the same results, or repeats the last start. */
  retry(): void {
    const { step, error } = this.snapshot;
    if (step === 'failed' && (error === 'offline' || error === 'send') && this.pending) void this.send(this.run, this.pending);
    else if (this.lastStart) this.start(this.lastStart);
  }

  /** Stops everything; the view is going away. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.run++;
    this.abort.abort();
    this.stopCamera();
    this.canvas?.clear();
    this.pending = undefined;
    this.lastStart = undefined;
    this.listeners.clear();
  }

  /** Made on first use: drawing needs a 2d context, and its absence is a failure to show, not a crash. */
  private get frames(): FrameCanvas {
    return (this.canvas ??= new FrameCanvas(this.doc));
  }

  private restart(start: FaceStart): number {
    this.stopCamera();
    this.lastStart = start;
    this.pending = undefined;
    return ++this.run;
  }

  private loop = (time: number): void => {
    if (this.snapshot.step !== 'live' || !this.camera) return;
    this.raf = this.win.requestAnimationFrame(this.loop);
    if (this.busy || time - this.lastTick < LIVE_INTERVAL_MS) return;
    this.lastTick = time;
    this.busy = true;
    this.guide(this.run).finally(() => {
      this.busy = false;
    });
  };

  private async guide(run: number): Promise<void> {
    const camera = this.camera;
    if (!camera || camera.width === 0) return;
    let frame: Frame;
    let faces;
    try {
      frame = this.frames.draw(camera.video, camera.width, camera.height, LIVE_SIDE);
      faces = await this.engine.detect(frame.canvas);
    } catch (error) {
      if (run === this.run) this.fail(error);
      return;
    }
    if (run !== this.run || this.snapshot.step !== 'live') return;
    const hint = assessQuality(faces, frame.pixels, frame.pixels).issues[0] ?? 'ready';
    this.candidate = this.candidate?.hint === hint ? { hint, frames: this.candidate.frames + 1 } : { hint, frames: 1 };
    if (this.snapshot.guidance === undefined || this.candidate.frames >= STEADY_FRAMES) {
      if (this.snapshot.guidance !== hint) this.commit({ guidance: hint });
    }
  }

  private async analyse(run: number, source: 'camera' | 'photo', frame: Frame): Promise<void> {
    const faces = await this.engine.detect(frame.canvas);
    const landmarks = faces.length > 0 ? await this.engine.landmarks(frame.canvas, (error) => this.reportSetup(error)) : undefined;
    if (run !== this.run) return;
    const analysis: Analysis = analyse(source, faces, frame.pixels, landmarks);
    // The picture is not needed any more: only the attributes go on.
    this.frames.clear();
    if (!analysis.ok) {
      this.commit({ step: 'inconclusive', issue: analysis.issue });
      return;
    }
    const result = { attributes: analysis.attributes, toneDropped: analysis.toneDropped, shapeConfigured: this.engine.hasLandmarker };
    this.commit({ result });
    this.host.emit('face-analysis', analysis.attributes);
    const sessionId = this.host.sessionId();
    if (!sessionId) {
      this.commit({ step: 'failed', error: 'offline' });
      return;
    }
    this.pending = { id: this.host.env.uuid(), sessionId, attributes: analysis.attributes };
    await this.send(run, this.pending);
  }

  private async send(run: number, request: FaceAnalysisRequest): Promise<void> {
    this.commit({ step: 'sending', error: undefined });
    try {
      await sendFaceAnalysis(this.host, request, this.abort.signal);
      if (run === this.run) this.commit({ step: 'done' });
    } catch (error) {
      if (run === this.run) this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.stopCamera();
    const code: FaceErrorCode = error instanceof FaceError ? error.code : 'runtime';
    if (code === 'closed' || this.closed) return;
    if (!(error instanceof FaceError) || SETUP_ERRORS.includes(code)) this.reportSetup(error);
    this.commit({ step: 'failed', error: code });
  }

  /** Problems the merchant must fix reach the host page too, with the technical detail. */
  private reportSetup(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.host.emit('error', new WidgetError('unavailable', `Face analysis: ${message}`, error));
  }

  private stopCamera(): void {
    if (this.raf !== undefined) this.win.cancelAnimationFrame(this.raf);
    this.raf = undefined;
    this.candidate = undefined;
    this.camera?.stop();
    this.camera = undefined;
  }

  private commit(patch: Partial<FlowSnapshot>): void {
    if (this.closed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}
