import { forEachPixel } from './regions.js';
import type { DetectedFace, Pixels, QualityIssue, QualityReport, Rect } from './types.js';

/** Face box width / frame width below which the shopper is asked to come closer. */
export const MIN_FACE_SIZE = 0.25;
/** Face box width / frame width above which the shopper is asked to move back. */
export const MAX_FACE_SIZE = 0.8;
/** Face centre to frame centre, as a share of the half-diagonal, above which the face is off-centre. */
export const MAX_OFF_CENTRE = 0.25;
/**
 * Mean face luma (Rec. 709, 0..255) below which the light is too dim. It sits under the luma of
 * the deepest Monk swatch (#292420, about 37) so that deep skin in good light is never called dark.
 */
export const TOO_DARK_LUMA = 35;
/** Mean face luma above which the face is washed out; above the lightest Monk swatch (about 237). */
export const TOO_BRIGHT_LUMA = 240;
/** Share of clipped pixels (luma >= 250) in the face box that also means washed out. */
export const MAX_CLIPPED_SHARE = 0.25;
/** Another face counts only when at least this wide relative to the main face ... */
export const OTHER_FACE_SIZE = 0.5;
/** ... and with at least this share of its score: a far-away passer-by or a weak detection is ignored. */
export const OTHER_FACE_SCORE = 0.7;

const MAX_SAMPLES = 16_384;
const ORDER: readonly QualityIssue[] = ['no-face', 'several-faces', 'too-far', 'too-close', 'off-centre', 'too-dark', 'too-bright'];
/** Issues that make a capture untrustworthy, not just awkward. */
const SERIOUS: readonly QualityIssue[] = ['no-face', 'several-faces', 'too-dark', 'too-bright'];

/** Rec. 709 luma of gamma-encoded 8-bit RGB. */
export function luma(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function lumaStats(pixels: Pixels, rect: Rect): { mean: number; clipped: number } {
  const { data } = pixels;
  let sum = 0;
  let clipped = 0;
  const n = forEachPixel(pixels, rect, MAX_SAMPLES, (i) => {
    const y = luma(data[i]!, data[i + 1]!, data[i + 2]!);
    sum += y;
    if (y >= 250) clipped++;
  });
  return n === 0 ? { mean: NaN, clipped: 0 } : { mean: sum / n, clipped: clipped / n };
}

/**
 * Mean Rec. 709 luma (0..255) of the pixels inside `rect` (clipped to the image, sampled on a grid
 * for big rectangles); NaN when the rectangle misses the image.
 * @example meanLuminance(imageData, face.box) // 128.4
 */
export function meanLuminance(pixels: Pixels, rect: Rect): number {
  return lumaStats(pixels, rect).mean;
}

function valid(face: DetectedFace): boolean {
  const { x, y, width, height } = face.box;
  return Number.isFinite(x) && Number.isFinite(y) && width > 0 && height > 0 && Number.isFinite(width + height) && face.score > 0;
}

/**
 * What stands between this frame and a good capture: presence, distance, centring and light.
 * The main face is the one with the best score × width (the nearest clear face); others count
 * only when comparable to it. Luminance is measured in the main face's box, or over the whole
 * frame when there is no face (so "too dark" can explain why none was found); it is NaN, and light
 * is not judged, without `pixels`.
 * @example
 * const report = assessQuality(faces, { width: 640, height: 480 }, imageData);
 * if (!report.ok) showHint(report.issues[0]);
 */
export function assessQuality(faces: DetectedFace[], frame: { width: number; height: number }, pixels?: Pixels): QualityReport {
  const { width: W, height: H } = frame;
  if (!(W > 0 && H > 0)) throw new RangeError('assessQuality: frame width and height must be positive numbers');
  const candidates = faces.filter(valid);
  let main: DetectedFace | undefined;
  for (const face of candidates) {
    if (!main || face.score * face.box.width > main.score * main.box.width) main = face;
  }

  const found = new Set<QualityIssue>();
  let size = 0;
  let offCentre = 0;
  if (!main) {
    found.add('no-face');
  } else {
    const m = main;
    if (candidates.some((f) => f !== m && f.box.width >= OTHER_FACE_SIZE * m.box.width && f.score >= OTHER_FACE_SCORE * m.score)) {
      found.add('several-faces');
    }
    const { x, y, width, height } = m.box;
    size = width / W;
    offCentre = Math.hypot(x + width / 2 - W / 2, y + height / 2 - H / 2) / Math.hypot(W / 2, H / 2);
    if (size < MIN_FACE_SIZE) found.add('too-far');
    if (size > MAX_FACE_SIZE) found.add('too-close');
    // A face cut by the frame edge is off-centre even when its centre is near the middle.
    const slack = 0.05 * width;
    const cut = x < -slack || y < -slack || x + width > W + slack || y + height > H + slack;
    if (offCentre > MAX_OFF_CENTRE || (cut && !found.has('too-close'))) found.add('off-centre');
  }

  let luminance = NaN;
  if (pixels) {
    const stats = lumaStats(pixels, main ? main.box : { x: 0, y: 0, width: pixels.width, height: pixels.height });
    luminance = stats.mean;
    if (luminance < TOO_DARK_LUMA) found.add('too-dark');
    if (luminance > TOO_BRIGHT_LUMA || stats.clipped > MAX_CLIPPED_SHARE) found.add('too-bright');
  }

  const issues = ORDER.filter((issue) => found.has(issue));
  const serious = issues.some((issue) => SERIOUS.includes(issue));
  // Near a limit still works but deserves less trust downstream.
  const marginal = size < MIN_FACE_SIZE * 1.2 || size > MAX_FACE_SIZE * 0.9 || offCentre > MAX_OFF_CENTRE * 0.6;
  const quality = serious || issues.length > 1 ? 'poor' : issues.length === 1 || marginal ? 'fair' : 'good';
  const report: QualityReport = { ok: issues.length === 0, issues, quality, size, offCentre, luminance };
  if (main) report.face = main;
  return report;
}
