import type { ChatSocket } from '../connection/connection-manager.js';
import type { FaceRuntime, WidgetSnapshot } from '../ui/types.js';
import type { Environment } from '../util/environment.js';
import type { WidgetEvents } from './events.js';
import type { FaceOptions } from './face-options.js';

// The contract between the widget and the face chunk. It lives beside the widget, not in the UI:
// the panel only sees `FaceFeature`, and the face chunk needs the socket, which the UI never does.

/** What the widget lends the face chunk: never the conversation, only what sending needs. */
export interface FaceHost {
  options: FaceOptions;
  env: Environment;
  /** For the `<style>` fallback where constructable stylesheets are missing. */
  nonce: string | undefined;
  ackTimeoutMs: number;
  sessionId(): string | undefined;
  /** The live socket, when there is one. */
  socket(): ChatSocket | undefined;
  subscribe(listener: () => void): () => void;
  getSnapshot(): WidgetSnapshot;
  /** Emits the widget's `face-analysis` and `error` events. */
  emit<E extends 'face-analysis' | 'error'>(event: E, ...args: Parameters<WidgetEvents[E]>): void;
}

/** What the face module (`ai-discovery.face.js` beside the script-tag and AMD builds) exports. */
export interface FaceModule {
  createFace(host: FaceHost): FaceRuntime;
}

export type FaceLoader = () => Promise<FaceModule>;
