import { luma } from './quality.js';
import { cheekRegions, forEachPixel } from './regions.js';
import type { DetectedFace, Pixels, Point, Rect, WhiteBalance } from './types.js';

/*
 * The colour of the light, from parts of the frame that should be neutral, so that a warm lamp or a
 * cold screen does not move the skin tone. Two witnesses:
 * - the sclera (the whites of the eyes): lit by the same light as the cheeks, and close to neutral
 *   on everyone; read as the bright, low-saturation pixels inside each eye;
 * - the near-neutral pixels of the frame outside the face (a grey-world estimate restricted to
 *   greyish pixels, so a saturated wall or shirt is left out rather than averaged in).
 * Gains are applied to the 8-bit sRGB values: for a power-law encoding a gain on linear light is a
 * gain on the encoded value too, and the witnesses were measured in the same encoding.
 */

/** No channel gain goes beyond these. A real light (daylight, tungsten, LED, shade) within them is
 * undone; a larger "cast" is much more likely to be the colour of the scene (a beige wall, tinted
 * eyes in a filter) than of the light, and stretching gains that far would turn one real skin colour
 * into another, the very error this correction exists to avoid. */
export const MIN_GAIN = 0.75;
export const MAX_GAIN = 1.33;
/** A channel at or above this is clipped: its value is a lower bound, not a measure. */
const CLIPPED = 250;
/** Pixels darker than this carry too little colour (noise, shadow) to measure a cast on. */
const DARK_LUMA = 40;
/** Saturation (max - min) / max a neutral can reach under a cast within the gain bounds: 1 - 0.75 / 1.33. */
const NEUTRAL_SATURATION = 1 - MIN_GAIN / MAX_GAIN;
/** Fewer sclera pixels than this and the eyes say nothing. */
const MIN_SCLERA = 12;
/** Sclera pixels for full confidence. */
const FULL_SCLERA = 40;
/** Share of the eyes' bright pixels that may be clipped before the sclera reading is biased. */
const MAX_CLIPPED_SCLERA = 0.3;
/** Near-neutral background pixels needed (of about BACKGROUND_SAMPLES), and for full confidence: a grey
 * card, a white wall or a shirt a few per cent of the frame is enough, a handful of greyish pixels is not. */
const MIN_BACKGROUND = 50;
const FULL_BACKGROUND = 200;
const BACKGROUND_SAMPLES = 16384;
/** The background is an assumption about the scene, not a measure on the face: it never counts fully. */
const BACKGROUND_WEIGHT = 0.6;
/** Real lights lie near the blackbody (blue-amber) axis: a green or magenta tint beyond this log ratio is not a light. */
const MAX_TINT = 0.1;
/** Witnesses whose casts differ by more than this (log gain, per channel) disagree. */
const AGREE = 0.08;
/** A "neutral" closer than this (log r/g, log b/g distance) to the cheeks' own colour may be skin
 * (closed eyes, a neck, an arm), and taking skin for white would grey the very colour being measured. */
const SKIN_LIKE = 0.04;
/** Below this confidence nothing is corrected ... */
export const MIN_BALANCE_CONFIDENCE = 0.3;
/** ... and from this one the whole cast is; between the two, the gains are pulled toward 1. */
const FULL_STRENGTH = 0.5;
/** Eye opening of a typical eye, height over width; the sampled ellipse stays inside it. */
const EYE_ASPECT = 0.25;
/** Share of the corner-to-corner length the sampled ellipse spans, to keep off the eyelid corners. */
const EYE_SPAN = 0.85;
/** Eye width over the distance between the eye centres, when only the detector's keypoints are known. */
const EYE_WIDTH = 0.41;

type Rgb = [number, number, number];
/** Chromaticity as (log r/g, log b/g): a light's cast moves every colour by the same offset here. */
type Chroma = [number, number];
interface Reading {
  neutral: Rgb;
  confidence: number;
}

export const NO_BALANCE: WhiteBalance = { gains: [1, 1, 1], confidence: 0, source: 'none' };

const saturation = (r: number, g: number, b: number): number => {
  const max = Math.max(r, g, b);
  return max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
};

const chroma = (r: number, g: number, b: number): Chroma => [Math.log(r / g), Math.log(b / g)];
const near = (x: Chroma, y: Chroma | undefined): boolean => !!y && Math.hypot(x[0] - y[0], x[1] - y[1]) < SKIN_LIKE;

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Eye ellipses (centre, half-axis along the eye, its angle) from the eye corners or the keypoints. */
function eyes(face: DetectedFace, landmarks?: Point[]): { c: Point; a: number; angle: number }[] {
  const ok = (p?: Point): p is Point => !!p && Number.isFinite(p.x) && Number.isFinite(p.y);
  const fromCorners = (p: Point | undefined, q: Point | undefined) => ok(p) && ok(q)
    ? { c: { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 }, a: (EYE_SPAN * Math.hypot(q.x - p.x, q.y - p.y)) / 2, angle: Math.atan2(q.y - p.y, q.x - p.x) }
    : undefined;
  // FaceLandmarker eye corners: 33 and 133 (subject's right eye), 263 and 362 (left).
  const corners = landmarks && landmarks.length >= 468 ? [fromCorners(landmarks[33], landmarks[133]), fromCorners(landmarks[362], landmarks[263])] : [];
  if (corners.length && corners.every((e) => e && e.a >= 2)) return corners as { c: Point; a: number; angle: number }[];
  const [r, l] = face.keypoints;
  if (!ok(r) || !ok(l)) return [];
  const d = Math.hypot(l.x - r.x, l.y - r.y);
  const angle = Math.atan2(l.y - r.y, l.x - r.x);
  return [r, l].map((c) => ({ c, a: (EYE_SPAN * EYE_WIDTH * d) / 2, angle }));
}

/** The sclera's colour: bright, not clipped, nearly neutral pixels inside the eyes, brightest half. */
function readSclera(pixels: Pixels, face: DetectedFace, landmarks: Point[] | undefined, skin: Chroma | undefined): Reading | undefined {
  const { data, width } = pixels;
  const found: { y: number; rgb: Rgb }[] = [];
  let clipped = 0;
  for (const { c, a, angle } of eyes(face, landmarks)) {
    if (!(a >= 2)) continue;
    const b = a * EYE_ASPECT;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    forEachPixel(pixels, { x: c.x - a, y: c.y - a, width: 2 * a, height: 2 * a }, 400, (i) => {
      const x = (i >> 2) % width - c.x;
      const y = Math.floor((i >> 2) / width) - c.y;
      const u = (x * cos + y * sin) / a;
      const v = (-x * sin + y * cos) / b;
      if (u * u + v * v > 1) return;
      const rgb: Rgb = [data[i]!, data[i + 1]!, data[i + 2]!];
      const y709 = luma(...rgb);
      if (y709 < DARK_LUMA || saturation(...rgb) > NEUTRAL_SATURATION) return;
      if (Math.max(...rgb) >= CLIPPED) clipped++;
      else found.push({ y: y709, rgb });
    });
  }
  // The iris, lashes and lid shadows are darker than the white: keep the brightest half.
  found.sort((p, q) => q.y - p.y);
  const white = found.slice(0, Math.ceil(found.length / 2));
  if (white.length < MIN_SCLERA || clipped / (clipped + white.length) > MAX_CLIPPED_SCLERA) return undefined;
  const neutral = [0, 1, 2].map((k) => median(white.map((p) => p.rgb[k]!))) as Rgb;
  // Eyes shut or hidden: what was read is eyelid skin.
  if (near(chroma(...neutral), skin)) return undefined;
  return { neutral, confidence: Math.min(1, white.length / FULL_SCLERA) };
}

/** Mean of the near-neutral, unclipped, not dark pixels of the frame outside the (enlarged) face box. */
function readBackground(pixels: Pixels, face: DetectedFace, skin: Chroma | undefined): Reading | undefined {
  const { data, width, height } = pixels;
  const m = 0.15;
  const box: Rect = { x: face.box.x - m * face.box.width, y: face.box.y - m * face.box.height, width: (1 + 2 * m) * face.box.width, height: (1 + 2 * m) * face.box.height };
  const sum: Rgb = [0, 0, 0];
  let kept = 0;
  forEachPixel(pixels, { x: 0, y: 0, width, height }, BACKGROUND_SAMPLES, (i) => {
    const x = (i >> 2) % width;
    const y = Math.floor((i >> 2) / width);
    if (x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height) return;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.max(r, g, b) >= CLIPPED || luma(r, g, b) < DARK_LUMA || saturation(r, g, b) > NEUTRAL_SATURATION) return;
    if (near(chroma(r, g, b), skin)) return;
    sum[0] += r;
    sum[1] += g;
    sum[2] += b;
    kept++;
  });
  if (kept < MIN_BACKGROUND) return undefined;
  return { neutral: sum.map((s) => s / kept) as Rgb, confidence: BACKGROUND_WEIGHT * Math.min(1, kept / FULL_BACKGROUND) };
}

/** Median chromaticity of the cheeks as captured (the cast included, as in every other reading). */
function cheekChroma(pixels: Pixels, face: DetectedFace, landmarks?: Point[]): Chroma | undefined {
  const { data } = pixels;
  const channels: [number[], number[], number[]] = [[], [], []];
  for (const rect of cheekRegions(face, landmarks) ?? []) {
    forEachPixel(pixels, rect, 256, (i) => {
      if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) >= CLIPPED || luma(data[i]!, data[i + 1]!, data[i + 2]!) < DARK_LUMA) return;
      for (let k = 0; k < 3; k++) channels[k]!.push(data[i + k]!);
    });
  }
  return channels[0].length ? chroma(...(channels.map(median) as Rgb)) : undefined;
}

/** Log gains (relative to green, which keeps the exposure) that make `neutral` grey, or undefined when no light would cast it. */
function logGains([r, g, b]: Rgb): Rgb | undefined {
  const gains: Rgb = [Math.log(g / r), 0, Math.log(g / b)];
  // Green-magenta tint of the cast: green's offset from the mean of red and blue.
  const tint = (gains[0] + gains[2]) / 2;
  if (Math.abs(tint) > MAX_TINT) return undefined;
  if (gains.some((x) => x < Math.log(MIN_GAIN) || x > Math.log(MAX_GAIN))) return undefined;
  return gains;
}

/**
 * The light's cast, as per-channel gains that undo it, from the sclera and the frame outside the
 * face. Gains are 1 and `source` is 'none' when neither witness is reliable (too few pixels,
 * clipped, dark, a cast no light gives or beyond MIN_GAIN..MAX_GAIN), or when they disagree and
 * the eyes alone are not sure. A weak estimate corrects only part of the cast.
 * @example
 * const balance = estimateWhiteBalance(imageData, report.face!, landmarks);
 * const tone = estimateSkinTone(imageData, report.face!, landmarks, report, balance);
 */
export function estimateWhiteBalance(pixels: Pixels, face: DetectedFace, landmarks?: Point[]): WhiteBalance {
  const witness = (reading: Reading | undefined) => {
    const gains = reading && logGains(reading.neutral);
    return gains && { gains, confidence: reading.confidence };
  };
  const skin = cheekChroma(pixels, face, landmarks);
  const sclera = witness(readSclera(pixels, face, landmarks, skin));
  const background = witness(readBackground(pixels, face, skin));
  let pick: { gains: Rgb; confidence: number } | undefined;
  let source: WhiteBalance['source'] = 'none';
  if (sclera && background) {
    if (sclera.gains.every((x, k) => Math.abs(x - background.gains[k]!) <= AGREE)) {
      const w = sclera.confidence + background.confidence;
      pick = { gains: sclera.gains.map((x, k) => (x * sclera.confidence + background.gains[k]! * background.confidence) / w) as Rgb, confidence: Math.max(sclera.confidence, background.confidence) };
      source = 'both';
    } else if (sclera.confidence >= 0.5) {
      pick = { gains: sclera.gains, confidence: sclera.confidence * 0.7 };
      source = 'sclera';
    }
  } else if (sclera ?? background) {
    pick = (sclera ?? background)!;
    source = sclera ? 'sclera' : 'background';
  }
  if (!pick || pick.confidence < MIN_BALANCE_CONFIDENCE) return NO_BALANCE;
  const strength = Math.min(1, pick.confidence / FULL_STRENGTH);
  return { gains: pick.gains.map((x) => Math.exp(x * strength)) as Rgb, confidence: pick.confidence, source };
}
