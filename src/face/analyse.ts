import type { FaceAttributes } from '../protocol/index.js';
import {
  assessQuality, estimateFaceShape, estimateSkinTone, estimateWhiteBalance, toFaceAttributes,
  type DetectedFace, type Pixels, type Point, type QualityIssue,
} from './analysis/index.js';

/** A face narrower than this many pixels in a photo is too small to read skin from. */
export const MIN_PHOTO_FACE_PX = 64;

/** Issues that make a photo unusable; a photo's framing (off-centre, close, far) is the shopper's own business. */
const PHOTO_BLOCKERS: readonly QualityIssue[] = ['no-face', 'several-faces', 'too-dark', 'too-bright'];

export type Analysis =
  | {
      ok: true;
      attributes: FaceAttributes;
      /** A skin tone was measured but left out because the light made it untrustworthy. */
      toneDropped: boolean;
    }
  | { ok: false; issue: QualityIssue | undefined };

/**
 * From detections (and landmarks, when a landmarker is configured) on one still picture to the
 * attributes that may leave the device, or the reason there are none. A camera capture must pass
 * every quality check; a photo only those that make the tone or shape meaningless. The skin tone
 * is read after undoing the light's colour cast (estimateWhiteBalance) unless `options.whiteBalance`
 * is false, which only the accuracy bench sets, to show the drift without the correction.
 */
export function analyse(
  source: 'camera' | 'photo', faces: DetectedFace[], pixels: Pixels, landmarks: Point[] | undefined,
  options: {
    /** Undo the light's colour cast before reading the skin tone. @default true */
    whiteBalance?: boolean;
  } = {},
): Analysis {
  const report = assessQuality(faces, pixels, pixels);
  const face = report.face;
  const blocking = source === 'camera' ? report.issues : report.issues.filter((issue) => PHOTO_BLOCKERS.includes(issue));
  // Darkness (or glare) also explains a face that was not found: say that, it is what to fix.
  if (!face) return { ok: false, issue: report.issues.find((i) => i === 'too-dark' || i === 'too-bright') ?? 'no-face' };
  if (blocking.length > 0) return { ok: false, issue: blocking[0] };
  if (source === 'photo' && face.box.width < MIN_PHOTO_FACE_PX) return { ok: false, issue: 'too-far' };
  const balance = options.whiteBalance ?? true ? estimateWhiteBalance(pixels, face, landmarks) : undefined;
  const skin = estimateSkinTone(pixels, face, landmarks, report, balance);
  const shape = landmarks ? estimateFaceShape(landmarks) : undefined;
  const attributes = toFaceAttributes({ report, ...(skin ? { skin } : {}), ...(shape ? { shape } : {}) });
  // Nothing conclusive (uneven light, cheeks hidden): the generic advice is about light.
  if (!attributes.skinTone && !attributes.faceShape) return { ok: false, issue: undefined };
  return { ok: true, attributes, toneDropped: !!skin && !attributes.skinTone };
}
