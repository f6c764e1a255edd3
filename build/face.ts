import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import { minifyOnce } from './minify-once';
import { faceLandmarkerTask } from './face-task';
import { transpile } from './transpile';
import { FACE_DETECTOR_METADATA, npmShortRangeModelPath, patchFaceDetectorModel } from '../test/support/face-model';

/**
 * The face chunk of the script-tag and AMD builds, and the files it runs on:
 *
 *   dist/{cdn,amd}/ai-discovery.face.js         ES module: @mediapipe/tasks-vision 0.10.35, the
 *                                               camera flow and the analysis maths; the bundle
 *                                               imports it (native import(), beside itself) only
 *                                               after the shopper consents
 *   dist/{cdn,amd}/mediapipe/wasm/              MediaPipe's wasm runtime, SIMD and non-SIMD
 *   dist/{cdn,amd}/mediapipe/face_detector.tflite   the Apache-2.0 short-range BlazeFace model of
 *                                               @mediapipe/face_detection, with the TFLite
 *                                               metadata MediaPipe Tasks needs added here
 *   dist/{cdn,amd}/mediapipe/face_landmarker.task   the same detector and @mediapipe/face_mesh's
 *                                               landmark model, zipped as FaceLandmarker wants
 *                                               them (build/face-task.ts): face shape with no
 *                                               configuration
 *   dist/{cdn,amd}/mediapipe/manifest.json      size and sha256 of every file above, and where
 *                                               it came from
 *   dist/cdn/<version>/...                      the same beside the versioned bundle; sri.json
 *                                               gains the hashes of the chunk and wasm loaders
 *
 * The chunk finds the runtime and model beside itself (`import.meta.url`), so any CDN path works
 * without configuration. The npm (ESM) build needs nothing here: rollup.config.ts's core build
 * emits src/face as a dynamic-import chunk and leaves @mediapipe/tasks-vision to the app.
 */

const CDN = 'dist/cdn';
const AMD = 'dist/amd';
const FACE_FILE = 'ai-discovery.face.js';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const WASM_SOURCE = 'node_modules/@mediapipe/tasks-vision/wasm';
/** The loader scripts and binaries FilesetResolver picks from (the `_module_` pair is for workers, unused). */
const WASM_FILES = ['vision_wasm_internal.js', 'vision_wasm_internal.wasm', 'vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm'];
const MODEL_FILE = 'face_detector.tflite';
const LANDMARKER_FILE = 'face_landmarker.task';

/** The metadata names what we ship and where it came from. */
const SHIPPED_METADATA = {
  ...FACE_DETECTOR_METADATA,
  name: 'BlazeFace short range',
  description:
    'face_detection_short_range.tflite from @mediapipe/face_detection@0.4.1657300184 (Apache-2.0), with the TFLite metadata MediaPipe Tasks needs added by ai-discovery-widget (build/face.ts)',
};

const NOTICE = `These files run the widget's optional on-device face analysis.

wasm/                  from @mediapipe/tasks-vision@0.10.35 (Apache-2.0, (c) Google LLC),
                       copied unchanged
face_detector.tflite   face_detection_short_range.tflite from @mediapipe/face_detection@0.4.1657300184
                       (Apache-2.0, (c) Google LLC), with TFLite metadata (input normalisation)
                       added by ai-discovery-widget's build; the network itself is unchanged
face_landmarker.task   a zip of face_detector.tflite (above) and face_landmarks_detector.tflite:
                       face_landmark.tflite from @mediapipe/face_mesh@0.4.1657299874 (Apache-2.0,
                       (c) Google LLC), its 468-landmark output padded with 10 constant points
                       to the 478 MediaPipe Tasks reads, and TFLite metadata added by
                       ai-discovery-widget's build; the network itself is unchanged
manifest.json          size and sha256 of each file

License: Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0
To serve these files yourself, see docs/face-analysis.md.
`;

function sri(content: Buffer): string {
  return `sha384-${createHash('sha384').update(content).digest('base64')}`;
}

/**
 * Swaps src/face/defaults.ts for URLs beside the chunk. `new URL(…, import.meta.url)` is read at
 * run time from the chunk's own address, so the versioned copy finds its own copy of the files.
 */
function defaultsBesideChunk(): Plugin {
  return {
    name: 'face-defaults-beside-chunk',
    load(id) {
      if (!/[\\/]src[\\/]face[\\/]defaults\.ts$/.test(id)) return null;
      return [
        'export function defaultAssetUrls() {',
        "  return { wasmBaseUrl: new URL('./mediapipe/wasm', import.meta.url).href, detectorModelUrl: new URL('./mediapipe/face_detector.tflite', import.meta.url).href, landmarkerModelUrl: new URL('./mediapipe/face_landmarker.task', import.meta.url).href };",
        '}',
      ].join('\n');
    },
  };
}

/** Size, sha256 and origin of each shipped file: what a merchant checks a self-hosted copy against. */
function manifest(files: Record<string, { bytes: Uint8Array; from: string }>): string {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, { bytes, from }]) => [name, { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), from }]),
  );
  return `${JSON.stringify({ licence: 'Apache-2.0', files: entries }, null, 2)}\n`;
}

/** Writes the runtime, the models, their manifest and a notice into `<dir>/mediapipe/`. */
function writeAssets(dir: string, model: Uint8Array, landmarker: Uint8Array): void {
  const target = join(dir, 'mediapipe');
  mkdirSync(join(target, 'wasm'), { recursive: true });
  const files: Record<string, { bytes: Uint8Array; from: string }> = {};
  for (const file of WASM_FILES) {
    cpSync(join(WASM_SOURCE, file), join(target, 'wasm', file));
    files[`wasm/${file}`] = { bytes: readFileSync(join(WASM_SOURCE, file)), from: '@mediapipe/tasks-vision@0.10.35, unchanged' };
  }
  writeFileSync(join(target, MODEL_FILE), model);
  writeFileSync(join(target, LANDMARKER_FILE), landmarker);
  files[MODEL_FILE] = { bytes: model, from: '@mediapipe/face_detection@0.4.1657300184 face_detection_short_range.tflite, metadata added' };
  files[LANDMARKER_FILE] = { bytes: landmarker, from: `${MODEL_FILE} and @mediapipe/face_mesh@0.4.1657299874 face_landmark.tflite (output padded to 478 points, metadata added)` };
  writeFileSync(join(target, 'manifest.json'), manifest(files));
  writeFileSync(join(target, 'NOTICE.txt'), NOTICE);
}

/**
 * After the chunk is written: the assets beside both builds, the versioned CDN copy, and the
 * chunk's hashes in sri.json (written just before by rollup.config.ts's cdnRelease, which runs in
 * an earlier config and cannot see this chunk yet).
 */
function faceAssets(): Plugin {
  return {
    name: 'face-assets',
    buildStart() {
      // sri.json is rewritten by the loader's build: when it is, this build adds its hashes again.
      this.addWatchFile(resolve(`${CDN}/sri.json`));
    },
    writeBundle(output) {
      // Once for both outputs, after the CDN one.
      if (output.file !== `${CDN}/${FACE_FILE}`) return;
      const model = patchFaceDetectorModel(readFileSync(npmShortRangeModelPath()), SHIPPED_METADATA);
      const landmarker = faceLandmarkerTask(model);
      for (const dir of [CDN, AMD, `${CDN}/${VERSION}`]) writeAssets(dir, model, landmarker);
      for (const file of [FACE_FILE, `${FACE_FILE}.map`]) cpSync(`${CDN}/${file}`, `${CDN}/${VERSION}/${file}`);
      const sriPath = `${CDN}/sri.json`;
      const hashes = existsSync(sriPath) ? (JSON.parse(readFileSync(sriPath, 'utf8')) as Record<string, string>) : {};
      // Every shipped script, MediaPipe's wasm loaders included (they are scripts the page runs).
      const loaders = WASM_FILES.filter((f) => f.endsWith('.js')).map((f) => `mediapipe/wasm/${f}`);
      for (const file of [FACE_FILE, ...loaders].flatMap((f) => [f, `${VERSION}/${f}`])) hashes[file] = sri(readFileSync(`${CDN}/${file}`));
      writeFileSync(sriPath, `${JSON.stringify(hashes, null, 2)}\n`);
    },
  };
}

/**
 * The npm build (dist/esm, rollup.config.ts): src/face/defaults.ts names every file one by one in
 * `new URL('literal', import.meta.url)`, which the app's bundler (Vite, webpack 5, Parcel) follows,
 * copies with the app and rewrites. The runtime comes from the @mediapipe/tasks-vision dependency
 * (it exports each wasm file for exactly this), the models from the package's own CDN folder
 * (dist/cdn/mediapipe, written by the face build below): no second copy in the tarball.
 */
export function npmFaceDefaults(): Plugin {
  const url = (path: string) => `new URL('${path}', import.meta.url).href`;
  const pair = (name: string) => `{ loader: ${url(`@mediapipe/tasks-vision/${name}.js`)}, binary: ${url(`@mediapipe/tasks-vision/${name}.wasm`)} }`;
  const model = (file: string) => url(`../../cdn/mediapipe/${file}`);
  return {
    name: 'face-npm-defaults',
    load(id) {
      if (!/[\\/]src[\\/]face[\\/]defaults\.ts$/.test(id)) return null;
      return [
        'export function defaultAssetUrls() {',
        '  return {',
        `    wasmFiles: { simd: ${pair('vision_wasm_internal')}, noSimd: ${pair('vision_wasm_nosimd_internal')} },`,
        `    detectorModelUrl: ${model(MODEL_FILE)},`,
        `    landmarkerModelUrl: ${model(LANDMARKER_FILE)},`,
        '  };',
        '}',
      ].join('\n');
    },
  };
}

const minify = () =>
  terser({ compress: { passes: 2, pure_getters: true }, mangle: { properties: false }, format: { comments: false } });

const faceMinify = minifyOnce(minify());

/** Rollup configs for the face artifacts; rollup.config.ts appends them after the core builds. */
export const faceBuilds: RollupOptions[] = [
  {
    input: 'src/face/index.ts',
    plugins: [
      defaultsBesideChunk(),
      // 'production' named, so NODE_ENV does not choose the packages' development builds (rollup.config.ts).
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default', 'production'] }),
      transpile(),
      faceAssets(),
    ],
    // The same ES module in both folders: minified once.
    output: [
      { file: `${CDN}/${FACE_FILE}`, format: 'es', sourcemap: true, plugins: [faceMinify] },
      { file: `${AMD}/${FACE_FILE}`, format: 'es', sourcemap: true, plugins: [faceMinify] },
    ],
  },
];
