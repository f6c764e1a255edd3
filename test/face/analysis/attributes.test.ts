import { describe, expect, it } from 'vitest';
import {
  assessQuality, estimateFaceShape, estimateSkinTone, toFaceAttributes,
  type FaceShapeEstimate, type QualityReport, type SkinToneEstimate,
} from '../../../src/face/analysis';
import { parseFaceAttributes } from '../../../src/protocol';
import { cheekPatch, detectedFace, faceLandmarks, labToSrgb, makePixels, paint } from './fixtures';

const ALLOWED = ['faceShape', 'skinTone', 'confidence', 'quality'];

const report = (quality: QualityReport['quality']): QualityReport => ({
  ok: quality !== 'poor', issues: quality === 'poor' ? ['too-dark'] : [], quality, size: 0.3, offCentre: 0.01, luminance: 140,
});
const skin = (over: Partial<SkinToneEstimate> = {}): SkinToneEstimate => ({
  tone: { ita: 37.2468, band: 'intermediate', monk: 5 }, lab: { L: 62.1234, a: 11.98, b: 16.87 }, confidence: 0.8765, lowConfidence: false, ...over,
});
const shape = (over: Partial<FaceShapeEstimate> = {}): FaceShapeEstimate => ({
  shape: 'heart', confidence: 0.9123, ratios: { lengthToWidth: 1.15, jawToCheek: 0.67, foreheadToCheek: 0.94, chinAngle: 116.2 }, ...over,
});

/** What the server would accept, and proof that nothing was dropped or reshaped on the way. */
function expectValid(attributes: object): void {
  expect(Object.keys(attributes).every((key) => ALLOWED.includes(key))).toBe(true);
  const parsed = parseFaceAttributes(JSON.parse(JSON.stringify(attributes)));
  expect(parsed.ok).toBe(true);
  if (parsed.ok) expect(parsed.value).toEqual(attributes);
}

describe('toFaceAttributes', () => {
  it('sends shape, a coarsened tone, confidence and quality, and nothing else', () => {
    const attributes = toFaceAttributes({ report: report('good'), skin: skin(), shape: shape() });
    expect(attributes).toEqual({
      faceShape: 'heart',
      skinTone: { ita: 37.2, band: 'intermediate', monk: 5 },
      confidence: 0.9, // mean of 0.8765 and 0.9123, to one decimal
      quality: 'good',
    });
    expectValid(attributes);
  });

  it('lets no extra field ride along from the estimates', () => {
    const leaky = skin({ tone: { ita: 20, band: 'tan', monk: 6, landmarks: [1, 2, 3] } as never });
    Object.assign(leaky, { pixels: 'data:...' });
    const attributes = toFaceAttributes({ report: { ...report('fair'), face: detectedFace() }, skin: leaky, shape: { ...shape(), image: 'x' } as never });
    expect(JSON.stringify(attributes)).not.toMatch(/landmarks|pixels|image|lab|ratios|box|keypoints/);
    expectValid(attributes);
  });

  it('leaves out a low-confidence tone and a near-tie shape, and weighs the rest by quality', () => {
    const attributes = toFaceAttributes({ report: report('fair'), skin: skin({ lowConfidence: true }), shape: shape({ confidence: 0.1 }) });
    expect(attributes).toEqual({ confidence: 0, quality: 'fair' });
    expectValid(attributes);
    expect(toFaceAttributes({ report: report('fair'), shape: shape({ confidence: 1 }) })).toEqual({ faceShape: 'heart', confidence: 0.9, quality: 'fair' });
    expect(toFaceAttributes({ report: report('poor'), skin: skin({ confidence: 1 }) }).confidence).toBe(0.6);
  });

  it('turns a synthetic capture into attributes the protocol accepts', () => {
    const layout = { cx: 320, cy: 240, scale: 14 };
    const face = detectedFace(layout);
    const pixels = makePixels(640, 480, [110, 110, 110]);
    paint(pixels, face.box, [200, 160, 140], { jitter: 4 });
    const tone = labToSrgb({ L: 58, a: 13, b: 19 });
    paint(pixels, cheekPatch(layout, -1), tone, { jitter: 3 });
    paint(pixels, cheekPatch(layout, 1), tone, { jitter: 3, seed: 5 });
    const landmarks = faceLandmarks({ length: 1, forehead: 1.15, cheek: 1, jaw: 0.86 }, layout);

    const quality = assessQuality([face], { width: 640, height: 480 }, pixels);
    const attributes = toFaceAttributes({
      report: quality,
      skin: estimateSkinTone(pixels, quality.face!, landmarks, quality),
      shape: estimateFaceShape(landmarks),
    });
    expect(attributes).toMatchObject({ faceShape: 'heart', skinTone: { band: 'tan', monk: 6 }, quality: 'good' });
    expect(attributes.confidence).toBeGreaterThanOrEqual(0.8);
    expectValid(attributes);
  });
});
