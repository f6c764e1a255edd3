import { describe, expect, it } from 'vitest';
import { assessQuality, meanLuminance, type DetectedFace } from '../../../src/face/analysis';
import { detectedFace, makePixels, paint } from './fixtures';

const FRAME = { width: 640, height: 480 };
// Scale 14 makes the face box 215 px wide: a third of the frame.
const CENTRED = { cx: 320, cy: 240, scale: 14 };

function litFrame(face?: DetectedFace, skin: [number, number, number] = [190, 150, 130]) {
  const pixels = makePixels(640, 480, [120, 120, 120]);
  if (face) paint(pixels, face.box, skin, { jitter: 6 });
  return pixels;
}

describe('meanLuminance', () => {
  it('is the Rec. 709 luma of the pixels in the rectangle', () => {
    const pixels = makePixels(100, 100, [0, 0, 0]);
    paint(pixels, { x: 10, y: 10, width: 20, height: 20 }, [200, 100, 50]);
    expect(meanLuminance(pixels, { x: 10, y: 10, width: 20, height: 20 })).toBeCloseTo(0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50, 6);
    // Half inside the painted square, half black.
    expect(meanLuminance(pixels, { x: 0, y: 10, width: 20, height: 20 })).toBeCloseTo((0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50) / 2, 6);
  });

  it('clips to the image and is NaN outside it', () => {
    const pixels = makePixels(50, 50, [100, 100, 100]);
    expect(meanLuminance(pixels, { x: -20, y: -20, width: 40, height: 40 })).toBeCloseTo(100, 6);
    expect(meanLuminance(pixels, { x: 60, y: 0, width: 10, height: 10 })).toBeNaN();
  });
});

describe('assessQuality', () => {
  it('passes a centred, well-sized, well-lit face as good', () => {
    const face = detectedFace(CENTRED);
    const report = assessQuality([face], FRAME, litFrame(face));
    expect(report).toMatchObject({ ok: true, issues: [], quality: 'good', face });
    expect(report.size).toBeCloseTo(215.6 / 640, 3);
    expect(report.offCentre).toBeLessThan(0.05);
    expect(report.luminance).toBeGreaterThan(100);
  });

  it('reports no face, and says why when the frame is dark', () => {
    expect(assessQuality([], FRAME)).toMatchObject({ ok: false, issues: ['no-face'], quality: 'poor', luminance: NaN });
    const dark = makePixels(640, 480, [12, 10, 9]);
    expect(assessQuality([], FRAME, dark).issues).toEqual(['no-face', 'too-dark']);
  });

  it('reports several faces when a second face is comparable, not when it is a small or weak detection', () => {
    const main = detectedFace(CENTRED, 0.95);
    const second = detectedFace({ cx: 500, cy: 240, scale: 12 }, 0.9);
    const both = assessQuality([second, main], FRAME, litFrame(main));
    expect(both.issues).toContain('several-faces');
    expect(both.quality).toBe('poor');
    expect(both.face).toBe(main);

    const passerBy = detectedFace({ cx: 560, cy: 80, scale: 4 }, 0.9);
    const ghost = detectedFace({ cx: 450, cy: 240, scale: 12 }, 0.3);
    expect(assessQuality([passerBy, main, ghost], FRAME, litFrame(main)).issues).toEqual([]);
  });

  it('asks a small face to come closer and a huge one to move back', () => {
    const small = detectedFace({ cx: 320, cy: 240, scale: 8 }); // 123 px: 19 % of the width
    expect(assessQuality([small], FRAME).issues).toEqual(['too-far']);
    expect(assessQuality([small], FRAME).quality).toBe('fair');
    const huge = detectedFace({ cx: 320, cy: 240, scale: 36 }); // 554 px: 87 %
    expect(assessQuality([huge], FRAME).issues).toEqual(['too-close']);
  });

  it('flags an off-centre face and one cut by the frame edge', () => {
    const aside = detectedFace({ cx: 470, cy: 300, scale: 14 });
    const report = assessQuality([aside], FRAME);
    expect(report.issues).toEqual(['off-centre']);
    const { x, y, width, height } = aside.box;
    expect(report.offCentre).toBeCloseTo(Math.hypot(x + width / 2 - 320, y + height / 2 - 240) / 400, 6);
    // A big face whose centre is only 36 px above the middle, but whose box runs off the top.
    const cut = detectedFace({ cx: 320, cy: 190, scale: 26 });
    const cutReport = assessQuality([cut], FRAME);
    expect(cutReport.offCentre).toBeLessThan(0.1);
    expect(cutReport.issues).toEqual(['off-centre']);
  });

  it('flags a dark face and a washed-out one', () => {
    const face = detectedFace(CENTRED);
    const dark = assessQuality([face], FRAME, litFrame(face, [30, 22, 18]));
    expect(dark.issues).toEqual(['too-dark']);
    expect(dark.quality).toBe('poor');
    const burnt = assessQuality([face], FRAME, litFrame(face, [255, 252, 250]));
    expect(burnt.issues).toEqual(['too-bright']);
  });

  it('does not call the deepest Monk tone dark in good light', () => {
    const face = detectedFace(CENTRED);
    expect(assessQuality([face], FRAME, litFrame(face, [0x29, 0x24, 0x20])).issues).toEqual([]);
  });

  it('orders several issues as the guidance shows them', () => {
    const face = detectedFace({ cx: 80, cy: 80, scale: 6 });
    const report = assessQuality([face], FRAME, makePixels(640, 480, [5, 5, 5]));
    expect(report.issues).toEqual(['too-far', 'off-centre', 'too-dark']);
  });

  it('ignores broken detections and refuses a frame without size', () => {
    const broken = { box: { x: NaN, y: 0, width: 10, height: 10 }, keypoints: [], score: 0.9 };
    const empty = { box: { x: 0, y: 0, width: 0, height: 10 }, keypoints: [], score: 0.9 };
    expect(assessQuality([broken, empty], FRAME).issues).toEqual(['no-face']);
    expect(() => assessQuality([], { width: 0, height: 480 })).toThrow(RangeError);
  });
});
