import type { DetectedFace, Lab, Pixels, Point, Rect } from '../../../src/face/analysis';

/*
 * Synthetic inputs with known answers. Nothing here calls the code under test: colours are made
 * with an inverse conversion written separately, faces are laid out from MediaPipe's canonical face
 * model coordinates.
 */

export type Rgb = [number, number, number];

/** CIELAB (D65) to 8-bit sRGB, the inverse path written independently of src/face/analysis/color.ts. */
export function labToSrgb({ L, a, b }: Lab): Rgb {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const inv = (t: number) => (t ** 3 > 0.008856 ? t ** 3 : (116 * t - 16) / 903.3);
  const X = 0.95047 * inv(fx);
  const Y = L > 8 ? fy ** 3 : L / 903.3;
  const Z = 1.08883 * inv(fz);
  const lin = [
    3.2404542 * X - 1.5371385 * Y - 0.4985314 * Z,
    -0.969266 * X + 1.8760108 * Y + 0.041556 * Z,
    0.0556434 * X - 0.2040259 * Y + 1.0572252 * Z,
  ];
  return lin.map((c) => {
    const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  }) as Rgb;
}

export function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex, 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

export function makePixels(width: number, height: number, fill: Rgb): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = fill[0];
    data[i + 1] = fill[1];
    data[i + 2] = fill[2];
    data[i + 3] = 255;
  }
  return { data, width, height };
}

/** A small deterministic generator, so "noisy" patches are the same on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Paints `rect` with `rgb`, optionally with ±`jitter` per channel and a share of `specks`
 * (half pure white highlights, half black) that skin sampling is expected to discard.
 */
export function paint(pixels: Pixels, rect: Rect, rgb: Rgb, options: { jitter?: number; specks?: number; seed?: number } = {}): void {
  const random = lcg(options.seed ?? 1);
  const jitter = options.jitter ?? 0;
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(pixels.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(pixels.height, Math.round(rect.y + rect.height));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * pixels.width + x) * 4;
      const speck = random();
      for (let c = 0; c < 3; c++) {
        let v = rgb[c]! + Math.round((random() * 2 - 1) * jitter);
        if (speck < (options.specks ?? 0) / 2) v = 255;
        else if (speck < (options.specks ?? 0)) v = 0;
        pixels.data[i + c] = v;
      }
    }
  }
}

/** Canonical face model x, y (y up) of the points the tests use, subject's right side, with their mirror index. */
const CANONICAL: [number, number, number, number][] = [
  [10, 10, 0, 8.26], [152, 152, 0, -9.4], [109, 338, -1.89, 8.24], [67, 297, -3.52, 8.01], [103, 332, -5.13, 7.49],
  [54, 284, -6.28, 6.62], [21, 251, -7.09, 5.43], [162, 389, -7.56, 4.11], [127, 356, -7.74, 2.36], [234, 454, -7.66, 0.67],
  [93, 323, -7.54, -1.05], [132, 361, -7.27, -2.89], [58, 288, -6.72, -4.79], [172, 397, -5.94, -6.22], [136, 365, -5.09, -7.18],
  [150, 379, -4.07, -7.99], [149, 378, -3.21, -8.53], [176, 400, -2.31, -8.97], [148, 377, -1.29, -9.3], [33, 263, -4.45, 2.66],
  [133, 362, -1.86, 2.59], [1, 1, 0, -1.13], [4, 4, 0, -0.46], [13, 13, 0, -3.99], [14, 14, 0, -4.54], [61, 291, -2.46, -4.34],
  [50, 280, -4.77, -0.7], [101, 330, -3.33, 0.1], [118, 347, -4.43, 0.72], [205, 425, -3.83, -1.54],
];

export interface Layout {
  /** Face centre in the image, pixels. */
  cx: number;
  cy: number;
  /** Pixels per canonical model unit (the canonical face is about 15.3 units wide). */
  scale: number;
  /** Head roll, degrees. */
  roll?: number;
}

export interface Proportions {
  /** Scale of the face's length. */
  length: number;
  /** Width scale at the forehead (temples and above), the cheekbones and the jaw (and chin). */
  forehead: number;
  cheek: number;
  jaw: number;
}

/** Width scale at canonical height y: flat above the temples and below the jaw corners, linear between. */
function widthScale(y: number, p: Proportions): number {
  const anchors: [number, number][] = [[6.62, p.forehead], [0.67, p.cheek], [-6.22, p.jaw]];
  if (y >= anchors[0]![0]) return p.forehead;
  for (let k = 1; k < anchors.length; k++) {
    const [y1, s1] = anchors[k]!;
    const [y0, s0] = anchors[k - 1]!;
    if (y >= y1) return s1 + ((s0 - s1) * (y - y1)) / (y0 - y1);
  }
  return p.jaw;
}

export const NEUTRAL: Proportions = { length: 1, forehead: 1, cheek: 1, jaw: 1 };

/**
 * 478 landmarks in image pixels: the canonical face stretched to `proportions`, placed and rolled
 * by `layout`. Indices the analysis does not read are placeholders at the face centre.
 */
export function faceLandmarks(proportions: Proportions = NEUTRAL, layout: Layout = { cx: 320, cy: 240, scale: 12 }): Point[] {
  const model: [number, number][] = Array.from({ length: 478 }, () => [0, 0]);
  for (const [right, left, x, y] of CANONICAL) {
    const sx = x * widthScale(y, proportions);
    const sy = y * proportions.length;
    model[right] = [sx, sy];
    model[left] = [-sx, sy];
  }
  const theta = ((layout.roll ?? 0) * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return model.map(([x, y]) => {
    const ix = x * layout.scale;
    const iy = -y * layout.scale;
    return { x: layout.cx + ix * cos - iy * sin, y: layout.cy + ix * sin + iy * cos, z: 0 };
  });
}

/**
 * A DetectedFace as BlazeFace reports one, from the same canonical layout: eye centres, nose tip,
 * mouth centre and ear tragions, and a box from the forehead to the chin.
 */
export function detectedFace(layout: Layout = { cx: 320, cy: 240, scale: 12 }, score = 0.95): DetectedFace {
  const { cx, cy, scale: s } = layout;
  const at = (x: number, y: number): Point => ({ x: cx + x * s, y: cy - y * s });
  return {
    box: { x: cx - 7.7 * s, y: cy - 8.3 * s, width: 15.4 * s, height: 17.7 * s },
    keypoints: [at(-3.15, 2.62), at(3.15, 2.62), at(0, -1.13), at(0, -4.27), at(-7.6, 0.8), at(7.6, 0.8)],
    score,
  };
}

/** Where a cheek is on that layout, generously: a square of 4 model units around the cheek's centre. */
export function cheekPatch(layout: Layout, side: -1 | 1): Rect {
  const s = layout.scale;
  return { x: layout.cx + side * 4.1 * s - 2 * s, y: layout.cy + 0.4 * s - 2 * s, width: 4 * s, height: 4 * s };
}
