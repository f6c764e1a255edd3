import { deflateSync } from 'node:zlib';
import type { Rgb, Scene, Shape } from '../draw-face';

/**
 * Node-side painting of a `Scene` (same shapes as `paintScene` on a canvas, 2x2 supersampled
 * edges) and two dependency-free encoders: PNG (RGB, filter 0, zlib from node:zlib) and Y4M
 * (the raw YUV 4:2:0 format Chromium's `--use-file-for-fake-video-capture` plays in a loop).
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row, 4 bytes per pixel. */
  readonly data: Uint8Array;
}

const SUBSAMPLES: ReadonlyArray<readonly [number, number]> = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.25, 0.75],
  [0.75, 0.75],
];

function inside(shape: Exclude<Shape, { kind: 'noise' }>, x: number, y: number): boolean {
  if (shape.kind === 'rect') return x >= shape.x && x < shape.x + shape.width && y >= shape.y && y < shape.y + shape.height;
  if (shape.kind === 'ellipse') {
    const cos = Math.cos(shape.rotation);
    const sin = Math.sin(shape.rotation);
    const dx = x - shape.cx;
    const dy = y - shape.cy;
    const u = (dx * cos + dy * sin) / shape.rx;
    const v = (-dx * sin + dy * cos) / shape.ry;
    return u * u + v * v <= 1;
  }
  // Even-odd rule, as a canvas fill of a simple polygon.
  let hit = false;
  const pts = shape.points;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function bounds(shape: Exclude<Shape, { kind: 'noise' }>): [number, number, number, number] {
  if (shape.kind === 'rect') return [shape.x, shape.y, shape.x + shape.width, shape.y + shape.height];
  if (shape.kind === 'ellipse') {
    const r = Math.max(shape.rx, shape.ry);
    return [shape.cx - r, shape.cy - r, shape.cx + r, shape.cy + r];
  }
  const xs = shape.points.map((p) => p[0]);
  const ys = shape.points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Paints `scene` into an RGBA image, the way `paintScene` paints a canvas. */
export function rasterizeScene(scene: Scene): RgbaImage {
  const { width, height } = scene;
  const data = new Uint8Array(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  for (const shape of scene.shapes) {
    if (shape.kind === 'noise') {
      // The same generator as paintScene's, so both produce the same pixels.
      let state = shape.seed >>> 0;
      for (let i = 0; i < data.length; i += 4) {
        for (let k = 0; k < 3; k++) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          data[i + k] = state >>> 24;
        }
      }
      continue;
    }
    const [x0, y0, x1, y1] = bounds(shape);
    const fill: Rgb = shape.fill;
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, Math.ceil(x1)); x++) {
        let covered = 0;
        for (const [sx, sy] of SUBSAMPLES) if (inside(shape, x + sx, y + sy)) covered++;
        if (covered === 0) continue;
        const alpha = covered / SUBSAMPLES.length;
        const at = (y * width + x) * 4;
        for (let k = 0; k < 3; k++) data[at + k] = Math.round(data[at + k]! * (1 - alpha) + fill[k]! * alpha);
      }
    }
  }
  return { width, height, data };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.byteLength, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** PNG file bytes (8-bit RGB, no interlace, every row with filter 0). */
export function encodePng(image: RgbaImage): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(image.height * (1 + image.width * 3));
  for (let y = 0; y < image.height; y++) {
    const row = y * (1 + image.width * 3);
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 4;
      rows.set(image.data.subarray(from, from + 3), row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * Y4M file bytes: header `YUV4MPEG2 W H F30:1 Ip A1:1 C420jpeg`, then `frames` copies of
 * `FRAME\n` + Y plane + Cb plane + Cr plane (chroma 2x2-averaged). BT.601 limited range, the
 * usual reading of 4:2:0 video. Width and height must be even.
 */
export function encodeY4m(image: RgbaImage, frames = 1, fps = 30): Buffer {
  const { width, height, data } = image;
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error('Y4M 4:2:0 needs an even width and height');
  const yPlane = Buffer.alloc(width * height);
  const cb = Buffer.alloc((width / 2) * (height / 2));
  const cr = Buffer.alloc(cb.length);
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      yPlane[y * width + x] = clamp(16 + (65.481 * data[at]! + 128.553 * data[at + 1]! + 24.966 * data[at + 2]!) / 255);
    }
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const at = ((2 * y + dy) * width + 2 * x + dx) * 4;
        r += data[at]! / 4;
        g += data[at + 1]! / 4;
        b += data[at + 2]! / 4;
      }
      cb[y * (width / 2) + x] = clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      cr[y * (width / 2) + x] = clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'latin1'), yPlane, cb, cr]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1'), ...Array.from({ length: frames }, () => frame)]);
}
