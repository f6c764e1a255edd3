import type { Pixels } from './analysis/index.js';
import { FaceError } from './errors.js';

/** A frame drawn on our canvas: what the detector reads and, as pixels, what the maths reads. */
export interface Frame {
  canvas: HTMLCanvasElement;
  pixels: Pixels;
}

/**
 * One reusable canvas per flow. Frames are scaled so the longer side is at most `maxSide`: the
 * detector works on 128 px anyway, and skin tone needs no more than a few hundred pixels per cheek.
 * Nothing drawn here is ever attached to the page or leaves this object.
 */
export class FrameCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;

  constructor(doc: Document) {
    this.canvas = doc.createElement('canvas');
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new FaceError('no-webassembly', 'This browser cannot draw on a canvas');
    this.context = context;
  }

  draw(source: CanvasImageSource, width: number, height: number, maxSide: number): Frame {
    if (!(width > 0 && height > 0)) throw new FaceError('bad-photo', 'The image has no size');
    const scale = Math.min(1, maxSide / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.context.drawImage(source, 0, 0, w, h);
    const image = this.context.getImageData(0, 0, w, h);
    return { canvas: this.canvas, pixels: { data: image.data, width: w, height: h } };
  }

  /** Forgets the last picture (the canvas is kept for the next one). */
  clear(): void {
    this.canvas.width = 1;
    this.canvas.height = 1;
  }
}

/** Decodes a photo the shopper picked (EXIF orientation applied); the bitmap must be closed by the caller. */
export async function decodePhoto(win: Window & typeof globalThis, file: Blob): Promise<ImageBitmap> {
  if (file.type && !file.type.startsWith('image/')) throw new FaceError('bad-photo', `Not an image (${file.type})`);
  try {
    return await win.createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (error) {
    throw new FaceError('bad-photo', 'The photo could not be decoded', error);
  }
}
