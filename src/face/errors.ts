/** Why the face flow stopped; each has its own message for the shopper (see FaceStrings). */
export type FaceErrorCode =
  | 'camera-denied'
  | 'no-camera'
  | 'camera-busy'
  | 'no-webassembly'
  | 'csp'
  | 'runtime'
  | 'model'
  | 'not-configured'
  | 'bad-photo'
  | 'offline'
  | 'send'
  | 'closed';

/** Failures the merchant must fix (files, policy): also reported as the widget's `error` event. */
export const SETUP_ERRORS: readonly FaceErrorCode[] = ['csp', 'runtime', 'model', 'not-configured'];

export class FaceError extends Error {
  override readonly name = 'FaceError';
  constructor(
    readonly code: FaceErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The CSP directive that lets a page compile WebAssembly (never `'unsafe-eval'`, which allows far more). */
export const WASM_DIRECTIVE = "'wasm-unsafe-eval'";

/** getUserMedia's DOMException names, as the shopper should hear them. */
export function cameraError(error: unknown): FaceError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new FaceError('camera-denied', 'Camera access was refused', error);
  }
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') {
    return new FaceError('camera-busy', 'The camera could not be started (in use elsewhere?)', error);
  }
  return new FaceError('no-camera', 'No usable camera', error);
}
