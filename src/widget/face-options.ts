import type { FaceStrings } from '../ui/i18n/strings.js';

/** Options of face analysis (`face` in the widget's options). URLs may be relative to the page. */
export interface FaceOptions {
  /** Shows the "Find my fit" entry in the panel. @default false */
  enabled: boolean;
  /**
   * Folder of MediaPipe's wasm runtime: the files of `@mediapipe/tasks-vision@0.10.35`'s `wasm/`
   * folder (`vision_wasm_internal.{js,wasm}` and `vision_wasm_nosimd_internal.{js,wasm}`).
   * @default script-tag and AMD builds: the `mediapipe/wasm` folder shipped beside
   * `ai-discovery.face.js`; npm build: the wasm files of `@mediapipe/tasks-vision`, one by one
   * through the app's bundler (`new URL(…, import.meta.url)`)
   */
  wasmBaseUrl?: string;
  /**
   * The face detector model (a BlazeFace `.tflite` with TFLite metadata).
   * @default script-tag and AMD builds: `mediapipe/face_detector.tflite` beside
   * `ai-discovery.face.js` (the Apache-2.0 short-range model of `@mediapipe/face_detection` with the
   * metadata MediaPipe Tasks needs, added by our build); npm build: the same file, the package's
   * `dist/cdn/mediapipe/face_detector.tflite`, through the app's bundler
   */
  detectorModelUrl?: string;
  /**
   * A FaceLandmarker `.task` (ours, or MediaPipe's `face_landmarker.task`). Only with it is the
   * face shape estimated; without it only the skin tone is.
   * @default script-tag and AMD builds: `mediapipe/face_landmarker.task` beside
   * `ai-discovery.face.js` (built from `@mediapipe/face_detection` and `@mediapipe/face_mesh`,
   * Apache-2.0); npm build: the same file, the package's `dist/cdn/mediapipe/face_landmarker.task`,
   * through the app's bundler
   */
  landmarkerModelUrl?: string;
  /** How long loading the wasm runtime, and each model, may take before the flow gives up, in ms. @default 60000 */
  loadTimeoutMs?: number;
  /** Replaces any text of the camera and photo steps. @default the locale's */
  strings?: Partial<FaceStrings>;
}
