import { describe, expect, it } from 'vitest';
import {
  assessQuality, cheekRegions, estimateSkinTone, itaAngle, MONK_SWATCHES, type Lab, type Rect,
} from '../../../src/face/analysis';
import { cheekPatch, detectedFace, faceLandmarks, hexToRgb, labToSrgb, makePixels, paint, type Layout, type Rgb } from './fixtures';

const LAYOUT: Layout = { cx: 320, cy: 240, scale: 14 };
const FACE = detectedFace(LAYOUT);
// Not skin: what surrounds the cheeks on the synthetic face, chosen far from every test colour so a
// misplaced cheek region shows up as a wrong answer.
const FOREHEAD: Rgb = [60, 140, 200];

/** A frame with the face painted FOREHEAD and each cheek patch painted its own colour, with noise and specks. */
function frame(right: Rgb, left: Rgb = right, specks = 0.06): ReturnType<typeof makePixels> {
  const pixels = makePixels(640, 480, [128, 128, 128]);
  paint(pixels, FACE.box, FOREHEAD);
  paint(pixels, cheekPatch(LAYOUT, -1), right, { jitter: 3, specks, seed: 7 });
  paint(pixels, cheekPatch(LAYOUT, 1), left, { jitter: 3, specks, seed: 11 });
  return pixels;
}

const area = (r: Rect) => Math.max(0, r.width) * Math.max(0, r.height);
function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.min(area(a), area(b)) : 0;
}

describe('cheekRegions', () => {
  it('puts the keypoint and landmark regions on the same cheeks, inside the painted patches', () => {
    const fromKeypoints = cheekRegions(FACE)!;
    const fromLandmarks = cheekRegions(FACE, faceLandmarks(undefined, LAYOUT))!;
    for (const side of [0, 1] as const) {
      const patch = cheekPatch(LAYOUT, side === 0 ? -1 : 1);
      expect(overlap(fromKeypoints[side], patch)).toBeCloseTo(1, 9);
      expect(overlap(fromLandmarks[side], patch)).toBeCloseTo(1, 9);
      expect(overlap(fromKeypoints[side], fromLandmarks[side])).toBeGreaterThan(0.5);
    }
    // The subject's right cheek (keypoint 0's side) comes first: image left in this unmirrored layout.
    expect(fromKeypoints[0].x).toBeLessThan(LAYOUT.cx);
    expect(fromLandmarks[0].x).toBeLessThan(LAYOUT.cx);
  });

  it('follows a tilted head', () => {
    const tilted = faceLandmarks(undefined, { ...LAYOUT, roll: 20 });
    const [right, left] = cheekRegions(FACE, tilted)!;
    // Rolled clockwise in the image: the right cheek (image left) rises, the left one drops, by
    // sin 20° × the 115 px between the cheeks.
    expect(left.y + left.height / 2 - (right.y + right.height / 2)).toBeCloseTo(Math.sin((20 * Math.PI) / 180) * 2 * 4.1 * 14, 0);
  });

  it('has nothing to offer without eyes and mouth', () => {
    expect(cheekRegions({ ...FACE, keypoints: [] })).toBeUndefined();
    expect(cheekRegions({ ...FACE, keypoints: [{ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 1, y: 1 }, { x: 1, y: 9 }] })).toBeUndefined();
  });
});

describe('estimateSkinTone', () => {
  // b* = 16 with L* chosen for an ITA well inside each band.
  const bands: [string, Lab][] = [
    ['very-light', { L: 50 + 16 * Math.tan((62 * Math.PI) / 180), a: 6, b: 16 }],
    ['light', { L: 50 + 16 * Math.tan((48 * Math.PI) / 180), a: 9, b: 16 }],
    ['intermediate', { L: 50 + 16 * Math.tan((34 * Math.PI) / 180), a: 11, b: 16 }],
    ['tan', { L: 50 + 16 * Math.tan((19 * Math.PI) / 180), a: 12, b: 16 }],
    ['brown', { L: 50 + 16 * Math.tan((-10 * Math.PI) / 180), a: 12, b: 16 }],
    ['dark', { L: 50 + 16 * Math.tan((-55 * Math.PI) / 180), a: 9, b: 16 }],
  ];

  for (const [band, lab] of bands) {
    it(`reads a ${band} patch (ITA ${itaAngle(lab).toFixed(0)}) from keypoint and landmark regions`, () => {
      const pixels = frame(labToSrgb(lab));
      for (const landmarks of [undefined, faceLandmarks(undefined, LAYOUT)]) {
        const tone = estimateSkinTone(pixels, FACE, landmarks)!;
        expect(tone.tone.band).toBe(band);
        expect(Math.abs(tone.tone.ita - itaAngle(lab))).toBeLessThan(2);
        expect(Math.abs(tone.lab.L - lab.L)).toBeLessThan(1);
        expect(tone.lowConfidence).toBe(false);
        expect(tone.confidence).toBeGreaterThan(0.8);
      }
    });
  }

  it('gives each Monk swatch painted on the cheeks its own bucket', () => {
    MONK_SWATCHES.forEach((hex, i) => {
      const tone = estimateSkinTone(frame(hexToRgb(hex)), FACE)!;
      expect([hex, tone.tone.monk]).toEqual([hex, i + 1]);
    });
  });

  it('ignores specular and black specks', () => {
    const clean = estimateSkinTone(frame(labToSrgb(bands[2]![1]), undefined, 0), FACE)!;
    const specked = estimateSkinTone(frame(labToSrgb(bands[2]![1]), undefined, 0.2), FACE)!;
    expect(Math.abs(specked.lab.L - clean.lab.L)).toBeLessThan(0.5);
    expect(Math.abs(specked.tone.ita - clean.tone.ita)).toBeLessThan(1);
  });

  it('flags a dark capture as low confidence', () => {
    const dim = labToSrgb({ L: 7, a: 3, b: 5 });
    const pixels = makePixels(640, 480, [14, 12, 11]);
    paint(pixels, FACE.box, dim, { jitter: 2 });
    const report = assessQuality([FACE], { width: 640, height: 480 }, pixels);
    expect(report.issues).toContain('too-dark');
    const withReport = estimateSkinTone(pixels, FACE, undefined, report)!;
    expect(withReport.lowConfidence).toBe(true);
    // Even without the report, cheeks this dark are not trusted.
    expect(estimateSkinTone(pixels, FACE)!.lowConfidence).toBe(true);
  });

  it('trusts mismatched cheeks less, and flags light from one side', () => {
    const skin = { L: 62, a: 12, b: 17 };
    const matched = estimateSkinTone(frame(labToSrgb(skin)), FACE)!;
    const tinted = estimateSkinTone(frame(labToSrgb(skin), labToSrgb({ L: 62, a: 22, b: 30 })), FACE)!;
    const sideLit = estimateSkinTone(frame(labToSrgb(skin), labToSrgb({ ...skin, L: 44 })), FACE)!;
    expect(tinted.confidence).toBeLessThan(matched.confidence - 0.2);
    expect(sideLit.confidence).toBeLessThan(tinted.confidence);
    expect(matched.lowConfidence).toBe(false);
    expect(sideLit.lowConfidence).toBe(true);
  });

  it('trusts one visible cheek less than two', () => {
    const skin = labToSrgb({ L: 62, a: 12, b: 17 });
    const pixels = frame(skin, [20, 20, 20]); // the left cheek in deep shadow (or under hair)
    const one = estimateSkinTone(pixels, FACE)!;
    expect(one.tone.band).toBe('intermediate');
    expect(one.confidence).toBeLessThan(0.5);
  });

  it('gives no estimate when too few pixels look like skin', () => {
    const pixels = makePixels(640, 480, [255, 255, 255]);
    expect(estimateSkinTone(pixels, FACE)).toBeUndefined();
    const tiny = detectedFace({ cx: 320, cy: 240, scale: 0.2 });
    expect(estimateSkinTone(frame(labToSrgb({ L: 62, a: 12, b: 17 })), tiny)).toBeUndefined();
  });
});
