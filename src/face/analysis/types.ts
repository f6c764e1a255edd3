import type { FaceAttributes } from '../../protocol/index.js';

/**
 * The contract between the on-device analysis maths (pure functions in this folder) and the code
 * that runs MediaPipe and the camera (src/face). Everything here is plain data, so the maths runs
 * and is tested in Node without a browser.
 */

/** A point in image pixels (x to the right, y down); `z` only for landmarks, in MediaPipe's scale. */
export interface Point {
  x: number;
  y: number;
  z?: number;
}

/** An axis-aligned rectangle in image pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One face from MediaPipe's FaceDetector, converted to pixels. `keypoints` keep BlazeFace's order:
 * 0 right eye, 1 left eye, 2 nose tip, 3 mouth centre, 4 right ear tragion, 5 left ear tragion
 * ("right" is the subject's right, which is on the image's left in an unmirrored frame).
 */
export interface DetectedFace {
  box: Rect;
  keypoints: Point[];
  score: number;
}

/** RGBA pixels, as `ImageData` has them (and as tests can build them in Node). */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** What stops a good capture, in the order the guidance shows them. */
export type QualityIssue = 'no-face' | 'several-faces' | 'too-far' | 'too-close' | 'off-centre' | 'too-dark' | 'too-bright';

export interface QualityReport {
  /** True when nothing stops a capture. */
  ok: boolean;
  /** Every issue found, most important first; empty when `ok`. */
  issues: QualityIssue[];
  quality: FaceAttributes['quality'];
  /** Face box width / frame width. */
  size: number;
  /** Distance of the face centre from the frame centre, as a fraction of the frame's half-diagonal. */
  offCentre: number;
  /**
   * Mean luma (Rec. 709, 0..255) inside the face box; over the whole frame when there is no face;
   * NaN when no pixels were given (light was then not judged).
   */
  luminance: number;
  /** The face the report measured (best score × width), absent when there is none. */
  face?: DetectedFace;
}

export interface Lab {
  L: number;
  a: number;
  b: number;
}

export type SkinTone = NonNullable<FaceAttributes['skinTone']>;
export type ToneBand = SkinTone['band'];
export type FaceShape = NonNullable<FaceAttributes['faceShape']>;

/** The light's colour cast, as gains on 8-bit sRGB that undo it (1, 1, 1 when none is trusted). */
export interface WhiteBalance {
  gains: readonly [number, number, number];
  /** 0..1: how far the neutral witnesses can be trusted; 0 with `source` 'none'. */
  confidence: number;
  /** What the cast was read from. */
  source: 'sclera' | 'background' | 'both' | 'none';
}

export interface SkinToneEstimate {
  tone: SkinTone;
  /** Median Lab of the sampled skin. */
  lab: Lab;
  /** 0..1: agreement between the cheeks and the share of usable pixels, lowered in poor light. */
  confidence: number;
  /** Set when the light was too poor (or too uneven) to trust the tone. */
  lowConfidence: boolean;
}

export interface FaceShapeEstimate {
  shape: FaceShape;
  /** 0..1: how clearly the ratios favour this shape over the runner-up. */
  confidence: number;
  /** The measurements behind it, for debugging and tests. */
  ratios: { lengthToWidth: number; jawToCheek: number; foreheadToCheek: number; chinAngle: number };
}
