import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModelMetadata, type ModelMetadataSpec } from './face-model/tflite-metadata';
import { addTfliteMetadata } from './face-model/tflite-model';

/**
 * A BlazeFace short-range model that MediaPipe Tasks' FaceDetector accepts, made offline.
 *
 * Google's `blaze_face_short_range.tflite` cannot be fetched here. The Apache-2.0 npm package
 * `@mediapipe/face_detection` ships the same network (`face_detection_short_range.tflite`:
 * input "input" float32 [1,128,128,3], outputs "regressors" [1,896,16] and "classificators"
 * [1,896,1]) without TFLite metadata, and Tasks refuses a float image input without
 * NormalizationOptions. We add the metadata it lacks: RGB input normalised with
 * (x - 127.5) / 127.5 to [-1, 1], the range BlazeFace was trained on.
 */
export const FACE_DETECTOR_METADATA: ModelMetadataSpec = {
  name: 'BlazeFace short range (test copy)',
  description: 'face_detection_short_range.tflite from @mediapipe/face_detection with the metadata MediaPipe Tasks needs, added by test/support/face-model.ts',
  version: '1',
  inputs: [
    {
      name: 'input',
      description: 'RGB image, 128x128, scaled to [-1, 1]',
      image: { colorSpace: 'RGB' },
      normalization: { mean: [127.5], std: [127.5] },
      stats: { min: [-1], max: [1] },
    },
  ],
  outputs: [
    { name: 'regressors', description: 'box and 6 keypoints per anchor (896 anchors, 16 values)' },
    { name: 'classificators', description: 'face score logit per anchor' },
  ],
  minParserVersion: '1.0.0',
};

/** Path of the unpatched model in node_modules (what the npm package ships). */
export function npmShortRangeModelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@mediapipe/face_detection/package.json')), 'face_detection_short_range.tflite');
}

/** The npm model with our TFLite metadata added (pure: bytes in, bytes out). */
export function patchFaceDetectorModel(model: Uint8Array, metadata: ModelMetadataSpec = FACE_DETECTOR_METADATA): Uint8Array {
  return addTfliteMetadata(model, buildModelMetadata(metadata));
}

/** The unpatched npm model's bytes. */
export async function npmShortRangeModel(): Promise<Buffer> {
  return readFile(npmShortRangeModelPath());
}

/** The patched model, built from the npm file on each call (a few milliseconds). */
export async function testFaceDetectorModel(): Promise<Buffer> {
  return Buffer.from(patchFaceDetectorModel(await npmShortRangeModel()));
}

/** Default folder for written models: inside node_modules/.cache, ignored by git and packaging. */
export function faceModelCacheDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.cache/ai-discovery-face');
}

/**
 * Writes the patched model to `dir` (default `faceModelCacheDir()`) as `face_detector.tflite`
 * and returns its absolute path. Written under a temporary name and renamed, so parallel test
 * files never read a half-written model.
 */
export async function writeTestFaceDetectorModel(dir = faceModelCacheDir()): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'face_detector.tflite');
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, await testFaceDetectorModel());
  await rename(temporary, path);
  return path;
}
