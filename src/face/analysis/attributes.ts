import type { FaceAttributes } from '../../protocol/index.js';
import type { FaceShapeEstimate, QualityReport, SkinToneEstimate } from './types.js';

/** A shape that wins by less than this (a near tie) is a guess, and is not sent. */
export const MIN_SHAPE_CONFIDENCE = 0.15;
/** How much each capture quality lets the overall confidence keep. */
const QUALITY_WEIGHT = { good: 1, fair: 0.85, poor: 0.6 } as const;

const clamp = (value: number, min: number, max: number): number => (value > min ? Math.min(value, max) : min);

/**
 * The attributes that leave the device, built field by field so nothing else can ride along:
 * the face shape when it is a clear enough winner, the skin tone only when it is not
 * low-confidence, the overall confidence (mean of the parts sent, weighed by the capture quality;
 * 0 when nothing was conclusive) and the quality. Numbers are coarsened (ITA to 0.1°, confidence
 * to 0.1) so repeated captures cannot be told apart by their decimals.
 * @example
 * const attributes = toFaceAttributes({ report, skin: estimateSkinTone(...), shape: estimateFaceShape(...) });
 */
export function toFaceAttributes(parts: { report: QualityReport; skin?: SkinToneEstimate; shape?: FaceShapeEstimate }): FaceAttributes {
  const { report, skin, shape } = parts;
  const quality = report.quality;
  const attributes: FaceAttributes = { confidence: 0, quality };
  const confidences: number[] = [];
  if (shape && shape.confidence >= MIN_SHAPE_CONFIDENCE) {
    attributes.faceShape = shape.shape;
    confidences.push(shape.confidence);
  }
  if (skin && !skin.lowConfidence && Number.isFinite(skin.tone.ita)) {
    attributes.skinTone = {
      ita: clamp(Math.round(skin.tone.ita * 10) / 10, -90, 90),
      band: skin.tone.band,
      monk: clamp(Math.round(skin.tone.monk), 1, 10),
    };
    confidences.push(skin.confidence);
  }
  if (confidences.length > 0) {
    const mean = confidences.reduce((sum, c) => sum + c, 0) / confidences.length;
    attributes.confidence = clamp(Math.round(mean * QUALITY_WEIGHT[quality] * 10) / 10, 0, 1);
  }
  return attributes;
}
