import { describe, expect, it } from 'vitest';
import { estimateFaceShape, type FaceShape, type Point } from '../../../src/face/analysis';
import { faceLandmarks, lcg, NEUTRAL, type Proportions } from './fixtures';

/*
 * Each shape is the canonical (average) face reshaped to its textbook description, as scales of
 * the face's length and of its width at the forehead, cheekbones and jaw.
 */
const SHAPES: Record<FaceShape, Proportions> = {
  // Balanced: the average face, longer than wide, forehead a little wider than the jaw.
  oval: NEUTRAL,
  // About as long as wide, full cheeks and a soft, fuller jaw.
  round: { length: 0.86, forehead: 1, cheek: 1, jaw: 1.04 },
  // About as long as wide, forehead, cheekbones and jaw nearly equally wide.
  square: { length: 0.88, forehead: 1.12, cheek: 1, jaw: 1.2 },
  // Clearly longer than wide, with straight sides.
  oblong: { length: 1.2, forehead: 1.1, cheek: 1, jaw: 1.14 },
  // Wide forehead, narrow jaw, pointed chin.
  heart: { length: 1, forehead: 1.15, cheek: 1, jaw: 0.86 },
  // Cheekbones widest, forehead and jaw narrow.
  diamond: { length: 1.02, forehead: 0.86, cheek: 1, jaw: 0.86 },
};

function jitter(points: Point[], amount: number, seed: number): Point[] {
  const random = lcg(seed);
  return points.map((p) => ({ x: p.x + (random() * 2 - 1) * amount, y: p.y + (random() * 2 - 1) * amount }));
}

describe('estimateFaceShape', () => {
  it('measures the canonical face as MediaPipe models it', () => {
    const shape = estimateFaceShape(faceLandmarks())!;
    expect(shape.ratios.lengthToWidth).toBeCloseTo(17.66 / 15.32, 2);
    expect(shape.ratios.jawToCheek).toBeCloseTo(11.88 / 15.32, 2);
    expect(shape.ratios.foreheadToCheek).toBeCloseTo(12.56 / 15.32, 2);
    expect(shape.ratios.chinAngle).toBeCloseTo(123.7, 0);
  });

  for (const [name, proportions] of Object.entries(SHAPES) as [FaceShape, Proportions][]) {
    it(`classifies a ${name} face as ${name}, wherever it is, tilted and noisy`, () => {
      const layouts = [
        { cx: 320, cy: 240, scale: 12 },
        { cx: 150, cy: 300, scale: 30, roll: 15 },
        { cx: 900, cy: 500, scale: 20, roll: -25 },
      ];
      for (const layout of layouts) {
        const clean = estimateFaceShape(faceLandmarks(proportions, layout))!;
        expect([layout, clean.shape]).toEqual([layout, name]);
        expect(clean.confidence).toBeGreaterThan(0.6);
        // Landmark noise of ±0.5 % of the face width.
        const noisy = estimateFaceShape(jitter(faceLandmarks(proportions, layout), 0.005 * 15.3 * layout.scale, layout.cx))!;
        expect([layout, noisy.shape]).toEqual([layout, name]);
        expect(noisy.confidence).toBeGreaterThan(0.4);
      }
    });
  }

  it('is unsure about a face halfway between two shapes', () => {
    const between = { length: 0.93, forehead: 1, cheek: 1, jaw: 1.02 }; // oval and round averaged
    const shape = estimateFaceShape(faceLandmarks(between))!;
    expect(['oval', 'round']).toContain(shape.shape);
    expect(shape.confidence).toBeLessThan(0.5);
    expect(shape.confidence).toBeLessThan(estimateFaceShape(faceLandmarks(SHAPES.round))!.confidence);
  });

  it('trusts a turned head less', () => {
    const frontal = faceLandmarks(SHAPES.square);
    const turned = frontal.map((p, i) => (i === 1 ? { ...p, x: p.x + 0.15 * 15.3 * 12 } : p));
    const straight = estimateFaceShape(frontal)!;
    const askew = estimateFaceShape(turned)!;
    expect(askew.shape).toBe('square');
    expect(askew.confidence).toBeLessThan(straight.confidence * 0.6);
  });

  it('gives no estimate for too few points or geometry no face has', () => {
    const good = faceLandmarks();
    expect(estimateFaceShape(good.slice(0, 468))).toBeUndefined();
    expect(estimateFaceShape([])).toBeUndefined();
    expect(estimateFaceShape(good.map(() => ({ x: 5, y: 5 })))).toBeUndefined();
    expect(estimateFaceShape(good.map((p) => ({ x: p.x, y: 100 })))).toBeUndefined();
    expect(estimateFaceShape(good.map((p, i) => (i === 152 ? { x: NaN, y: p.y } : p)))).toBeUndefined();
    // The face's length running along the cheekbone line.
    expect(estimateFaceShape(good.map((p, i) => (i === 10 ? { x: good[234]!.x - 300, y: good[234]!.y } : p)))).toBeUndefined();
    // Four times longer than wide.
    expect(estimateFaceShape(faceLandmarks({ ...NEUTRAL, length: 4 }))).toBeUndefined();
  });
});
