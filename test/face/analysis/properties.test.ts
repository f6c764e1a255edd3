import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessQuality, deltaE2000, estimateFaceShape, estimateSkinTone, itaAngle, itaBand, monkBucket, srgbToLab, toFaceAttributes,
  type DetectedFace, type Point,
} from '../../../src/face/analysis';
import { parseFaceAttributes } from '../../../src/protocol';
import { faceLandmarks } from './fixtures';

const W = 96;
const H = 72;
const coordinate = fc.double({ min: -50, max: 150, noNaN: true });
const point = fc.record({ x: coordinate, y: coordinate });
const face: fc.Arbitrary<DetectedFace> = fc.record({
  box: fc.record({ x: coordinate, y: coordinate, width: fc.double({ min: -5, max: 120, noNaN: true }), height: fc.double({ min: -5, max: 120, noNaN: true }) }),
  keypoints: fc.array(point, { maxLength: 6 }),
  score: fc.double({ min: 0, max: 1, noNaN: true }),
});
// A few random colours in blocks, so that skin-like areas, black and clipped pixels all occur.
const pixels = fc.array(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)), { minLength: 1, maxLength: 12 }).map((palette) => {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    const [r, g, b] = palette[Math.floor(((i % W) / W) * palette.length)]!;
    data.set([r, g, b, 255], i * 4);
  }
  return { data, width: W, height: H };
});
// Realistic landmark sets, squashed and stretched at random, with random points mixed in.
const landmarks: fc.Arbitrary<Point[]> = fc
  .tuple(
    fc.record({ length: fc.double({ min: 0.3, max: 3, noNaN: true }), forehead: fc.double({ min: 0.3, max: 2, noNaN: true }), cheek: fc.double({ min: 0.3, max: 2, noNaN: true }), jaw: fc.double({ min: 0.3, max: 2, noNaN: true }) }),
    fc.double({ min: -180, max: 180, noNaN: true }),
    fc.array(fc.tuple(fc.nat(477), point), { maxLength: 6 }),
  )
  .map(([proportions, roll, swaps]) => {
    const points = faceLandmarks(proportions, { cx: 48, cy: 36, scale: 2, roll });
    for (const [i, p] of swaps) points[i] = p;
    return points;
  });

describe('analysis properties', () => {
  it('colour functions stay in range for every 8-bit colour', () => {
    fc.assert(fc.property(fc.nat(255), fc.nat(255), fc.nat(255), (r, g, b) => {
      const lab = srgbToLab(r, g, b);
      const ita = itaAngle(lab);
      expect(lab.L).toBeGreaterThanOrEqual(-1e-9);
      expect(lab.L).toBeLessThanOrEqual(100 + 1e-9);
      expect(Math.abs(ita)).toBeLessThanOrEqual(90);
      expect(itaBand(ita)).toMatch(/^(very-light|light|intermediate|tan|brown|dark)$/);
      expect(monkBucket(lab)).toBeGreaterThanOrEqual(1);
      expect(monkBucket(lab)).toBeLessThanOrEqual(10);
      expect(deltaE2000(lab, srgbToLab(255 - r, g, b))).toBeGreaterThanOrEqual(0);
    }), { numRuns: 300 });
  });

  it('never throws, and always yields attributes the protocol accepts', () => {
    fc.assert(fc.property(fc.array(face, { maxLength: 3 }), pixels, fc.option(landmarks, { nil: undefined }), (faces, image, points) => {
      const report = assessQuality(faces, { width: W, height: H }, image);
      expect(report.ok).toBe(report.issues.length === 0);
      expect(report.size).toBeGreaterThanOrEqual(0);
      const skin = faces[0] ? estimateSkinTone(image, faces[0], points, report) : undefined;
      if (skin) {
        expect(skin.confidence).toBeGreaterThanOrEqual(0);
        expect(skin.confidence).toBeLessThanOrEqual(1);
        expect(Number.isFinite(skin.tone.ita)).toBe(true);
      }
      const shape = points ? estimateFaceShape(points) : undefined;
      if (shape) {
        expect(shape.confidence).toBeGreaterThanOrEqual(0);
        expect(shape.confidence).toBeLessThanOrEqual(1);
      }
      const attributes = toFaceAttributes({ report, skin, shape });
      const parsed = parseFaceAttributes(JSON.parse(JSON.stringify(attributes)));
      expect(parsed.ok && parsed.value).toEqual(attributes);
    }), { numRuns: 300 });
  });
});
