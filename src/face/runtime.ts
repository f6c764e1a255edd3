import { h, render } from 'preact';
import type { FaceRuntime, FaceViewOptions } from '../ui/types.js';
import type { FaceHost } from '../widget/face-host.js';
import { adoptCss } from '../ui/stylesheet.js';
import { defaultAssetUrls, type WasmPair } from './defaults.js';
import { FaceEngine } from './engine.js';
import { FaceFlow } from './flow.js';
import { faceStrings } from './ui/strings.js';
import { FACE_CSS } from './ui/styles.js';
import { FaceView } from './ui/view.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * What the face chunk gives the widget: made once per widget, so there is one engine (one
 * MediaPipe detector) however many times the shopper runs the flow. `destroy()` closes it.
 */
export class FaceRuntimeImpl implements FaceRuntime {
  private engine: FaceEngine | undefined;
  private readonly unmounts = new Set<() => void>();
  /** Model bytes by URL, kept across flows so that a second "Find my fit" downloads no model again. */
  private readonly models = new Map<string, Uint8Array>();
  private destroyed = false;

  constructor(private readonly host: FaceHost) {}

  mount(slot: HTMLElement, shadow: ShadowRoot, view: FaceViewOptions): () => void {
    if (this.destroyed) throw new Error('FaceRuntime: mount() after destroy()');
    const doc = slot.ownerDocument;
    const flow = new FaceFlow(this.host, this.engineFor(doc), doc);
    const removeCss = adoptCss(shadow, FACE_CSS, this.host.nonce);
    const strings = faceStrings(view.language, this.host.options.strings);
    render(h(FaceView, { flow, strings, onExit: view.onExit }), slot);
    flow.start(view.start);
    const unmount = () => {
      if (!this.unmounts.delete(unmount)) return;
      flow.close();
      render(null, slot);
      removeCss();
      // The flow is over: MediaPipe's wasm instances (tens of MB) and WebGL contexts go now, not
      // when the page closes. A later flow makes a new engine; the models stay in `models`.
      if (this.unmounts.size === 0) this.releaseEngine();
    };
    this.unmounts.add(unmount);
    return unmount;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const unmount of [...this.unmounts]) unmount();
    this.releaseEngine();
    this.models.clear();
  }

  private releaseEngine(): void {
    this.engine?.close();
    this.engine = undefined;
  }

  private engineFor(doc: Document): FaceEngine {
    if (this.engine) return this.engine;
    const { options, env } = this.host;
    const defaults = defaultAssetUrls();
    const absolute = (url: string | undefined) => (url ? new URL(url, doc.baseURI).href : undefined);
    // A merchant's folder wins over our files, whichever form the build gives them in.
    const files = options.wasmBaseUrl ? undefined : defaults.wasmFiles;
    const pair = (p: WasmPair) => ({ loader: absolute(p.loader)!, binary: absolute(p.binary)! });
    this.engine = new FaceEngine({
      wasmBaseUrl: absolute(options.wasmBaseUrl ?? defaults.wasmBaseUrl)?.replace(/\/+$/, ''),
      wasmFiles: files && { simd: pair(files.simd), noSimd: pair(files.noSimd) },
      detectorModelUrl: absolute(options.detectorModelUrl ?? defaults.detectorModelUrl),
      landmarkerModelUrl: absolute(options.landmarkerModelUrl ?? defaults.landmarkerModelUrl),
      timeoutMs: options.loadTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      timers: env.timers,
      fetch: env.fetch,
      models: this.models,
      doc,
    });
    return this.engine;
  }
}
