import { installFakeCamera, type FakeCameraConfig } from './face-model/fake-camera';
import { encodePng, encodeY4m, rasterizeScene } from './face-model/raster';

/**
 * Cartoon faces for face-detection tests, described once as a scene of flat shapes and then
 * painted three ways: on a canvas in Chromium (`paintScene`), as a stand-in camera
 * (`fakeCameraInitScript`), and into image bytes in Node (`facePng`, `faceY4m`) for photo-upload
 * tests and Chromium's `--use-file-for-fake-video-capture`. BlazeFace (short range) scores such
 * a face around 0.9, so it serves for presence, size and centring checks without a photo.
 */
export type Rgb = readonly [number, number, number];

export type Shape =
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly fill: Rgb }
  | { readonly kind: 'ellipse'; readonly cx: number; readonly cy: number; readonly rx: number; readonly ry: number; readonly rotation: number; readonly fill: Rgb }
  | { readonly kind: 'polygon'; readonly points: ReadonlyArray<readonly [number, number]>; readonly fill: Rgb }
  /** Every pixel a pseudo-random RGB colour from a 32-bit LCG seeded with `seed` (the same pixels in Node and Chromium). */
  | { readonly kind: 'noise'; readonly seed: number };

/** Pixel size and shapes painted in order (later ones on top). Plain JSON: passes to a page as is. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly shapes: readonly Shape[];
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface FaceOptions {
  /** Canvas width in pixels. @default 640 */
  readonly width?: number;
  /** Canvas height in pixels. @default 480 */
  readonly height?: number;
  /** Face centre as a fraction of the width. @default 0.5 */
  readonly centerX?: number;
  /** Face centre as a fraction of the height. @default 0.5 */
  readonly centerY?: number;
  /** Head (ellipse) height as a fraction of the canvas height. @default 0.55 */
  readonly scale?: number;
  /** Skin colour, sRGB 0..255. @default [224, 172, 138] */
  readonly skin?: Rgb;
  /** Background colour, sRGB 0..255. @default [104, 132, 156] */
  readonly background?: Rgb;
  /** Multiplies every colour (1 = as given, 0.2 = a dim room). @default 1 */
  readonly brightness?: number;
}

/**
 * Where the drawn features are, in canvas pixels: what a detector should report. `box` bounds
 * the head ellipse. Eyes and ears are named from the face's own point of view, as MediaPipe
 * names its keypoints: the face's right eye is on the image's left.
 */
export interface FaceLayout {
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly noseTip: Point;
  readonly mouth: Point;
  readonly rightEar: Point;
  readonly leftEar: Point;
  /** Cheek centres (right cheek on the image's left), where skin is plainly visible. */
  readonly rightCheek: Point;
  readonly leftCheek: Point;
}

const shade = (rgb: Rgb, factor: number): Rgb => rgb.map((c) => Math.max(0, Math.min(255, Math.round(c * factor)))) as unknown as Rgb;

/** A front-facing cartoon face: ears, head, hair line, brows, eyes, nose, mouth. */
export function faceScene(options: FaceOptions = {}): { scene: Scene; layout: FaceLayout } {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const cx = (options.centerX ?? 0.5) * width;
  const cy = (options.centerY ?? 0.5) * height;
  const s = (options.scale ?? 0.55) * height;
  const light = options.brightness ?? 1;
  const skin = options.skin ?? [224, 172, 138];
  const c = (rgb: Rgb) => shade(rgb, light);
  const ellipse = (x: number, y: number, rx: number, ry: number, fill: Rgb, rotation = 0): Shape => ({ kind: 'ellipse', cx: x, cy: y, rx, ry, rotation, fill: c(fill) });
  const eyeDx = 0.16 * s;
  const eyeY = cy - 0.06 * s;
  const shapes: Shape[] = [
    { kind: 'rect', x: 0, y: 0, width, height, fill: c(options.background ?? [104, 132, 156]) },
    ellipse(cx - 0.36 * s, eyeY + 0.04 * s, 0.05 * s, 0.09 * s, shade(skin, 0.92)),
    ellipse(cx + 0.36 * s, eyeY + 0.04 * s, 0.05 * s, 0.09 * s, shade(skin, 0.92)),
    ellipse(cx, cy, 0.37 * s, 0.5 * s, skin),
    // Hair: a dark cap over the top of the head, so the forehead reads as a forehead.
    ellipse(cx, cy - 0.36 * s, 0.36 * s, 0.16 * s, [58, 40, 30]),
    ellipse(cx - eyeDx, eyeY - 0.09 * s, 0.09 * s, 0.018 * s, [70, 50, 40], 0.12),
    ellipse(cx + eyeDx, eyeY - 0.09 * s, 0.09 * s, 0.018 * s, [70, 50, 40], -0.12),
    ellipse(cx - eyeDx, eyeY, 0.075 * s, 0.038 * s, [245, 245, 240]),
    ellipse(cx + eyeDx, eyeY, 0.075 * s, 0.038 * s, [245, 245, 240]),
    ellipse(cx - eyeDx, eyeY, 0.032 * s, 0.032 * s, [60, 40, 30]),
    ellipse(cx + eyeDx, eyeY, 0.032 * s, 0.032 * s, [60, 40, 30]),
    {
      kind: 'polygon',
      points: [
        [cx, eyeY + 0.02 * s],
        [cx - 0.055 * s, cy + 0.12 * s],
        [cx + 0.055 * s, cy + 0.12 * s],
      ],
      fill: c(shade(skin, 0.8)),
    },
    ellipse(cx, cy + 0.25 * s, 0.12 * s, 0.035 * s, [150, 60, 60]),
  ];
  return {
    scene: { width, height, shapes },
    layout: {
      box: { x: cx - 0.37 * s, y: cy - 0.5 * s, width: 0.74 * s, height: s },
      rightEye: { x: cx - eyeDx, y: eyeY },
      leftEye: { x: cx + eyeDx, y: eyeY },
      noseTip: { x: cx, y: cy + 0.1 * s },
      mouth: { x: cx, y: cy + 0.25 * s },
      rightEar: { x: cx - 0.36 * s, y: eyeY + 0.04 * s },
      leftEar: { x: cx + 0.36 * s, y: eyeY + 0.04 * s },
      rightCheek: { x: cx - 0.2 * s, y: cy + 0.1 * s },
      leftCheek: { x: cx + 0.2 * s, y: cy + 0.1 * s },
    },
  };
}

/** A scene of one flat colour (no face). */
export function blankScene(width = 640, height = 480, fill: Rgb = [104, 132, 156]): Scene {
  return { width, height, shapes: [{ kind: 'rect', x: 0, y: 0, width, height, fill }] };
}

/** A scene of coloured pixel noise (no face). */
export function noiseScene(width = 640, height = 480, seed = 1): Scene {
  return { width, height, shapes: [{ kind: 'noise', seed }] };
}

/**
 * Paints a scene on a canvas, resizing it to the scene. Runs in the browser: it must stay
 * self-contained (no imports, no helpers), because Playwright and `fakeCameraInitScript` ship
 * it to the page as source text.
 */
export function paintScene(canvas: HTMLCanvasElement | OffscreenCanvas, scene: Scene): void {
  if (canvas.width !== scene.width) canvas.width = scene.width;
  if (canvas.height !== scene.height) canvas.height = scene.height;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('paintScene: no 2d context');
  for (const shape of scene.shapes) {
    if (shape.kind === 'noise') {
      const image = ctx.createImageData(scene.width, scene.height);
      let state = shape.seed >>> 0;
      for (let i = 0; i < image.data.length; i += 4) {
        for (let k = 0; k < 3; k++) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          image.data[i + k] = state >>> 24;
        }
        image.data[i + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
      continue;
    }
    ctx.fillStyle = `rgb(${shape.fill[0]}, ${shape.fill[1]}, ${shape.fill[2]})`;
    ctx.beginPath();
    if (shape.kind === 'rect') ctx.rect(shape.x, shape.y, shape.width, shape.height);
    else if (shape.kind === 'ellipse') ctx.ellipse(shape.cx, shape.cy, shape.rx, shape.ry, shape.rotation, 0, Math.PI * 2);
    else shape.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.closePath();
    ctx.fill();
  }
}

/** `page.addInitScript(PAINT_SCENE_INIT_SCRIPT)` defines `window.paintScene(canvas, scene)` in the page. */
export const PAINT_SCENE_INIT_SCRIPT = `window.paintScene = ${paintScene.toString()};`;

/**
 * Source text for `page.addInitScript(...)`: replaces `navigator.mediaDevices.getUserMedia` with
 * a stand-in camera showing `config.scene` (see `FakeCameraConfig`), controlled from the test
 * through `window.__fakeCamera` (`FakeCameraControl`).
 * @example await page.addInitScript(fakeCameraInitScript({ scene: faceScene().scene }));
 */
export function fakeCameraInitScript(config: FakeCameraConfig): string {
  return `(${installFakeCamera.toString()})(${paintScene.toString()}, ${JSON.stringify(config)});`;
}

/** PNG bytes of a drawn face (for photo-upload tests: `page.setInputFiles(..., { buffer })`). */
export function facePng(options: FaceOptions = {}): Buffer {
  return encodePng(rasterizeScene(faceScene(options).scene));
}

/** Y4M bytes of a drawn face, for Chromium's `--use-file-for-fake-video-capture=<file>.y4m`. */
export function faceY4m(options: FaceOptions = {}, frames = 1): Buffer {
  return encodeY4m(rasterizeScene(faceScene(options).scene), frames);
}

export type { FakeCameraConfig, FakeCameraControl } from './face-model/fake-camera';
export { encodePng, encodeY4m, rasterizeScene, type RgbaImage } from './face-model/raster';
