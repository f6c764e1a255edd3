import type { FaceShape, FaceShapeEstimate, Point } from './types.js';

/*
 * Face shape from FaceLandmarker's 478 landmarks (indices of the canonical face mesh, all on the
 * face oval that MediaPipe's FACE_LANDMARKS_FACE_OVAL lists):
 *   length      10 (top of the forehead) to 152 (chin)
 *   cheekbones  234 to 454, the widest pair, at the cheekbones
 *   forehead    54 to 284, at the temples
 *   jaw         172 to 397, the jaw corners between mouth and chin
 *   chin angle  at 152, between the lines to 172 and 397: how sharply the jaw tapers to the chin
 * Distances are Euclidean, so a tilted head (roll), a shift or a zoom changes nothing.
 *
 * The mesh stops at the upper forehead, not the hairline, so the textbook "1.5 times longer than
 * wide" cannot be read literally. The ratios are anchored on MediaPipe's canonical (average) face,
 * which measures length/width 1.15, jaw/cheek 0.78, forehead/cheek 0.82, chin 124°; that average
 * face is the textbook oval. Each other shape is the textbook description moved from there:
 *   round    as long as wide (-13 % length), full jaw, softer (wider) chin angle
 *   square   as long as wide, forehead, cheekbones and jaw about equally wide, wide chin angle
 *   oblong   clearly longer (+20 %), forehead and jaw nearly as wide as the cheekbones
 *   heart    wide forehead, narrow jaw, pointed chin
 *   diamond  cheekbones widest, narrow forehead and narrow jaw, pointed chin
 * Each shape scores exp(-d²/2), d the distance to its prototype in units of SPREAD; confidence is
 * 1 - runner-up/best (0 for a tie, near 1 for a clear winner), lowered when the head is turned.
 */

const PROTOTYPES: readonly [FaceShape, number, number, number, number][] = [
  // shape, lengthToWidth, jawToCheek, foreheadToCheek, chinAngle (degrees)
  ['oval', 1.15, 0.77, 0.82, 124],
  ['round', 1.0, 0.8, 0.82, 132],
  ['square', 1.02, 0.92, 0.92, 138],
  ['oblong', 1.38, 0.88, 0.9, 121],
  ['heart', 1.15, 0.68, 0.94, 114],
  ['diamond', 1.15, 0.68, 0.7, 114],
];
/** How far one feature may stray from a prototype for one unit of distance. */
const SPREAD: readonly number[] = [0.07, 0.045, 0.045, 6];

/** Nose tip offset from the cheekbones' midpoint (share of their width) where confidence starts to drop ... */
const YAW_FREE = 0.06;
/** ... and where it reaches 0 (roughly 5° and 20° of head turn). */
const YAW_LIMIT = 0.22;

type Vec = { x: number; y: number };
const sub = (p: Vec, q: Vec): Vec => ({ x: p.x - q.x, y: p.y - q.y });
const len = (v: Vec): number => Math.hypot(v.x, v.y);
const dot = (v: Vec, w: Vec): number => v.x * w.x + v.y * w.y;

/**
 * The face shape suggested by the landmark ratios, with how clearly it wins. Undefined for fewer
 * than 478 landmarks, missing or non-finite points, or geometry no real face has.
 * @example
 * const shape = estimateFaceShape(result.faceLandmarks[0].map((p) => ({ x: p.x * w, y: p.y * h })));
 * shape?.shape // 'oval'
 */
export function estimateFaceShape(landmarks: Point[]): FaceShapeEstimate | undefined {
  if (landmarks.length < 478) return undefined;
  const at = (i: number): Vec | undefined => {
    const p = landmarks[i];
    return p && Number.isFinite(p.x) && Number.isFinite(p.y) ? p : undefined;
  };
  const [top, chin, cheekR, cheekL, foreR, foreL, jawR, jawL, nose] = [10, 152, 234, 454, 54, 284, 172, 397, 1].map(at);
  if (!top || !chin || !cheekR || !cheekL || !foreR || !foreL || !jawR || !jawL || !nose) return undefined;

  const across = sub(cheekL, cheekR);
  const down = sub(chin, top);
  const width = len(across);
  const length = len(down);
  if (!(width > 0 && length > 0)) return undefined;
  // The face's long axis must cross the cheekbone line near a right angle.
  if (Math.abs(dot(across, down)) / (width * length) > 0.5) return undefined;

  const toJawR = sub(jawR, chin);
  const toJawL = sub(jawL, chin);
  const jawSpan = len(toJawR) * len(toJawL);
  if (!(jawSpan > 0)) return undefined;
  const ratios = {
    lengthToWidth: length / width,
    jawToCheek: len(sub(jawL, jawR)) / width,
    foreheadToCheek: len(sub(foreL, foreR)) / width,
    chinAngle: (Math.acos(Math.min(1, Math.max(-1, dot(toJawR, toJawL) / jawSpan))) * 180) / Math.PI,
  };
  const { lengthToWidth: e, jawToCheek: j, foreheadToCheek: f, chinAngle: c } = ratios;
  if (e < 0.6 || e > 2.5 || j < 0.3 || j > 1.4 || f < 0.3 || f > 1.4 || c < 40) return undefined;

  // Compared as squared distances rather than scores, which could underflow far from every prototype.
  const features = [e, j, f, c];
  let best = Infinity;
  let second = Infinity;
  let shape: FaceShape = 'oval';
  for (const [name, ...centre] of PROTOTYPES) {
    let d2 = 0;
    centre.forEach((value, i) => (d2 += ((features[i]! - value) / SPREAD[i]!) ** 2));
    if (d2 < best) {
      second = best;
      best = d2;
      shape = name;
    } else if (d2 < second) second = d2;
  }

  const yaw = Math.abs(dot(sub(nose, cheekR), across) / (width * width) - 0.5);
  const frontal = Math.min(1, Math.max(0, 1 - (yaw - YAW_FREE) / (YAW_LIMIT - YAW_FREE)));
  return { shape, confidence: (1 - Math.exp((best - second) / 2)) * frontal, ratios };
}
