import type { FaceRuntime } from '../ui/types.js';
import type { FaceHost, FaceModule } from '../widget/face-host.js';
import { FaceRuntimeImpl } from './runtime.js';

/**
 * The face chunk: MediaPipe, the camera flow and the analysis maths. Nothing imports it
 * statically; the widget loads it with `import()` once the shopper has consented (in the
 * script-tag and AMD builds it is the file `ai-discovery.face.js` beside the bundle).
 */
export function createFace(host: FaceHost): FaceRuntime {
  return new FaceRuntimeImpl(host);
}

export type { FaceModule };
