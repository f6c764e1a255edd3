import { deltaE2000, itaAngle, itaBand, monkBucket, srgbToLabInto } from './color.js';
import { luma } from './quality.js';
import { cheekRegions, forEachPixel } from './regions.js';
import type { DetectedFace, Lab, Pixels, Point, QualityReport, SkinToneEstimate, WhiteBalance } from './types.js';

/** Pixels sampled per cheek at most (a grid stride keeps big faces cheap). */
const MAX_SAMPLES = 1024;
/** Fewer usable pixels than this over both cheeks and there is no estimate. */
export const MIN_USABLE_PIXELS = 24;
/** A cheek with fewer usable pixels than this is not compared with the other. */
const MIN_CHEEK_PIXELS = 8;
/** Near-black pixels are shadow, nostril, beard or hair, not skin. */
const BLACK_LUMA = 8;
/** A channel at or above this is clipped: a specular highlight, whose colour is the light's. */
const CLIPPED = 250;
/** a*b* distance from the cheek's median chroma beyond which a pixel is not skin (hair, lips, glasses). */
const CHROMA_TOLERANCE = 12;
/** L* distance from the cheek's median beyond which a pixel is a shadow or a sheen. */
const LIGHTNESS_TOLERANCE = 25;
/** Cheek medians closer than this (CIEDE2000) agree fully ... */
const AGREE_FULL = 3;
/** ... and this much further apart they do not agree at all. */
const AGREE_SPAN = 12;
/** Cheeks whose L* differ by more than this are lit unevenly (a lamp or window to one side). */
export const UNEVEN_LIGHTNESS = 10;
/** Median L* below this is underexposure: the deepest Monk swatch is about L* 15. */
const DIM_LIGHTNESS = 10;
/** Share of usable pixels from which the share no longer lowers confidence. */
const FULL_SHARE = 0.6;
/** Share of clipped pixels over the cheeks that means washed out. */
const WASHED_OUT = 0.3;
/** Confidence below which the estimate is flagged low-confidence whatever the cause. */
export const LOW_CONFIDENCE = 0.35;

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianLab(L: number[], a: number[], b: number[]): Lab {
  return { L: median(L), a: median(a), b: median(b) };
}

interface Cheek {
  /** Pixels sampled, usable or not. */
  sampled: number;
  clipped: number;
  /** Lab of the pixels kept as skin. */
  L: number[];
  a: number[];
  b: number[];
}

function sampleCheek(pixels: Pixels, rect: Parameters<typeof forEachPixel>[1], [gr, gg, gb]: readonly number[]): Cheek {
  const { data } = pixels;
  const lab: Lab = { L: 0, a: 0, b: 0 };
  const raw: Cheek = { sampled: 0, clipped: 0, L: [], a: [], b: [] };
  raw.sampled = forEachPixel(pixels, rect, MAX_SAMPLES, (i) => {
    const r = data[i]!;
    const g = data[i + 1]!;
    const bl = data[i + 2]!;
    if (Math.max(r, g, bl) >= CLIPPED) {
      raw.clipped++;
      return;
    }
    if (luma(r, g, bl) < BLACK_LUMA) return;
    // Clipping is judged on the pixel as captured: a clipped channel stays unknown whatever the light.
    srgbToLabInto(Math.min(255, r * gr!), Math.min(255, g * gg!), Math.min(255, bl * gb!), lab);
    raw.L.push(lab.L);
    raw.a.push(lab.a);
    raw.b.push(lab.b);
  });
  if (raw.L.length === 0) return raw;
  // Keep what looks like this cheek's skin: near its median chroma and lightness.
  const m = medianLab(raw.L, raw.a, raw.b);
  const kept: Cheek = { sampled: raw.sampled, clipped: raw.clipped, L: [], a: [], b: [] };
  raw.L.forEach((L, i) => {
    const a = raw.a[i]!;
    const b = raw.b[i]!;
    if (Math.hypot(a - m.a, b - m.b) <= CHROMA_TOLERANCE && Math.abs(L - m.L) <= LIGHTNESS_TOLERANCE) {
      kept.L.push(L);
      kept.a.push(a);
      kept.b.push(b);
    }
  });
  return kept;
}

/**
 * Skin tone from the two cheeks: near-black, clipped and off-colour pixels are dropped, the rest
 * give a median Lab, its ITA and band, and the nearest Monk swatch. Confidence multiplies how well
 * the cheeks agree, the share of usable pixels and the light (halved when `report` flags the light
 * or the cheeks are lit unevenly); `lowConfidence` is set in poor or uneven light, when washed out,
 * or when confidence falls under LOW_CONFIDENCE. Undefined when fewer than MIN_USABLE_PIXELS
 * pixels look like skin. `face` should be `report.face` when a report was made. `balance` (from
 * estimateWhiteBalance) undoes the light's colour cast on the cheek pixels before they are read.
 * @example
 * const tone = estimateSkinTone(imageData, report.face!, landmarks, report, estimateWhiteBalance(imageData, report.face!, landmarks));
 * if (tone && !tone.lowConfidence) console.log(tone.tone.band);
 */
export function estimateSkinTone(pixels: Pixels, face: DetectedFace, landmarks?: Point[], report?: QualityReport, balance?: WhiteBalance): SkinToneEstimate | undefined {
  const regions = cheekRegions(face, landmarks);
  if (!regions) return undefined;
  const gains = balance?.gains ?? [1, 1, 1];
  const cheeks = regions.map((rect) => sampleCheek(pixels, rect, gains));
  const L = cheeks.flatMap((c) => c.L);
  if (L.length < MIN_USABLE_PIXELS) return undefined;
  const lab = medianLab(L, cheeks.flatMap((c) => c.a), cheeks.flatMap((c) => c.b));

  const sampled = cheeks.reduce((n, c) => n + c.sampled, 0);
  const clipped = cheeks.reduce((n, c) => n + c.clipped, 0);
  const [right, left] = cheeks.map((c) => (c.L.length >= MIN_CHEEK_PIXELS ? medianLab(c.L, c.a, c.b) : undefined));
  // One cheek alone (hair, a hand, a turned head) cannot be cross-checked: trust it less.
  let agreement = 0.4;
  let uneven = false;
  if (right && left) {
    agreement = Math.min(1, Math.max(0, 1 - (deltaE2000(right, left) - AGREE_FULL) / AGREE_SPAN));
    uneven = Math.abs(right.L - left.L) > UNEVEN_LIGHTNESS;
  }
  const badLight = !!report && (report.issues.includes('too-dark') || report.issues.includes('too-bright'));
  const washedOut = clipped / sampled > WASHED_OUT;
  const dim = lab.L < DIM_LIGHTNESS;
  const share = Math.min(1, L.length / sampled / FULL_SHARE);
  const confidence = agreement * share * (badLight || dim || washedOut ? 0.5 : 1) * (uneven ? 0.5 : 1);
  const ita = itaAngle(lab);
  return {
    tone: { ita, band: itaBand(ita), monk: monkBucket(lab) },
    lab,
    confidence,
    lowConfidence: badLight || dim || washedOut || uneven || confidence < LOW_CONFIDENCE,
  };
}
