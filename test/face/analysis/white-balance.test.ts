import { describe, expect, it } from 'vitest';
import {
  estimateSkinTone, estimateWhiteBalance, MAX_GAIN, MIN_GAIN, type Pixels, type Point,
} from '../../../src/face/analysis';
import { cheekPatch, detectedFace, faceLandmarks, labToSrgb, lcg, makePixels, paint, type Layout, type Rgb } from './fixtures';

/*
 * A cheek of known colour, eyes with a sclera and an iris, and (or) a grey card away from the face,
 * then the whole frame under a coloured light. The lights and the frames are not the bench's: other
 * gains, a small grey card in a corner instead of a grey backdrop, a saturated noisy backdrop.
 */

const LAYOUT: Layout = { cx: 330, cy: 250, scale: 14 };
const FACE = detectedFace(LAYOUT);
const LANDMARKS = faceLandmarks(undefined, LAYOUT);
const FOREHEAD: Rgb = [60, 140, 200];
/** Off-white, as real sclera is. */
const SCLERA: Rgb = [205, 203, 199];
const SKIN = labToSrgb({ L: 58, a: 14, b: 20 });
/** ITA error allowed after the correction, degrees: a Monk swatch spans about 5° to 15° of ITA. */
const TOLERANCE = 2;

// Lights as colour only, green kept at 1: a light that is also dimmer or brighter changes L* and so
// the ITA (about 2.5° per L* unit near L* 58), which no neutral reference can tell from a darker or
// lighter skin, and the correction does not try to (it keeps the exposure by leaving green alone).
const WARM = [1.1, 1, 0.8] as const;
const COOL = [0.89, 1, 1.15] as const;
const TUNGSTEN = [1.2, 1, 0.78] as const;
const SHADE = [0.86, 1, 1.21] as const;

function paintEllipse(pixels: Pixels, c: Point, rx: number, ry: number, rgb: Rgb): void {
  for (let y = Math.floor(c.y - ry); y <= c.y + ry; y++) {
    for (let x = Math.floor(c.x - rx); x <= c.x + rx; x++) {
      if (((x - c.x) / rx) ** 2 + ((y - c.y) / ry) ** 2 > 1) continue;
      pixels.data.set(rgb, (y * pixels.width + x) * 4);
    }
  }
}

/** Saturated random colours: nothing in it is neutral, so the background says nothing about the light. */
function noisyBackdrop(pixels: Pixels): void {
  const random = lcg(5);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const hue = Math.floor(random() * 3);
    for (let k = 0; k < 3; k++) pixels.data[i + k] = k === hue ? 200 : 40 + Math.floor(random() * 30);
  }
}

interface Frame {
  eyes?: 'open' | 'shut';
  /** A grey card of this colour in the top-left corner. */
  card?: Rgb;
  skin?: Rgb;
}

function frame({ eyes = 'open', card, skin = SKIN }: Frame): Pixels {
  const pixels = makePixels(640, 480, [0, 0, 0]);
  noisyBackdrop(pixels);
  if (card) paint(pixels, { x: 20, y: 16, width: 90, height: 60 }, card, { jitter: 2, seed: 3 });
  paint(pixels, FACE.box, FOREHEAD);
  paint(pixels, cheekPatch(LAYOUT, -1), skin, { jitter: 3, seed: 7 });
  paint(pixels, cheekPatch(LAYOUT, 1), skin, { jitter: 3, seed: 11 });
  for (const [outer, inner] of [[33, 133], [263, 362]] as const) {
    const a = LANDMARKS[outer]!;
    const b = LANDMARKS[inner]!;
    const c = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const half = Math.abs(a.x - b.x) / 2;
    paintEllipse(pixels, c, half, half * 0.4, eyes === 'open' ? SCLERA : skin);
    if (eyes === 'open') paintEllipse(pixels, c, half * 0.35, half * 0.35, [70, 50, 40]);
  }
  return pixels;
}

/** The frame as a camera would see it under a light of these channel gains (8-bit, clipped). */
function lit(pixels: Pixels, gains: readonly number[]): Pixels {
  const data = new Uint8ClampedArray(pixels.data);
  for (let i = 0; i < data.length; i += 4) for (let k = 0; k < 3; k++) data[i + k] = Math.round(data[i + k]! * gains[k]!);
  return { ...pixels, data };
}

function ita(pixels: Pixels, corrected = true): number {
  return tone(pixels, corrected)!.tone.ita;
}

function tone(pixels: Pixels, corrected = true) {
  const balance = corrected ? estimateWhiteBalance(pixels, FACE, LANDMARKS) : undefined;
  return estimateSkinTone(pixels, FACE, LANDMARKS, undefined, balance);
}

describe('estimateWhiteBalance', () => {
  const cases: [string, Frame][] = [
    ['the sclera alone (no neutral in the background)', { eyes: 'open' }],
    ['a small grey card away from the face alone (eyes shut)', { eyes: 'shut', card: [128, 128, 128] }],
    ['the sclera and a grey card', { eyes: 'open', card: [150, 150, 150] }],
  ];
  for (const [label, setup] of cases) {
    for (const [light, gains] of [['warm', WARM], ['cool', COOL], ['tungsten', TUNGSTEN], ['shade', SHADE]] as const) {
      it(`gives back the neutral-light ITA within ${TOLERANCE}° under ${light} light, from ${label}`, () => {
        const neutral = ita(frame(setup), false);
        const cast = lit(frame(setup), gains);
        // The light does move the tone by more than the tolerance, so this checks the correction.
        expect(Math.abs(ita(cast, false) - neutral)).toBeGreaterThan(TOLERANCE);
        expect(Math.abs(ita(cast) - neutral)).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  }

  it('says where it read the cast from', () => {
    expect(estimateWhiteBalance(lit(frame({ eyes: 'open' }), WARM), FACE, LANDMARKS).source).toBe('sclera');
    expect(estimateWhiteBalance(lit(frame({ eyes: 'shut', card: [128, 128, 128] }), WARM), FACE, LANDMARKS).source).toBe('background');
    expect(estimateWhiteBalance(lit(frame({ eyes: 'open', card: [150, 150, 150] }), WARM), FACE, LANDMARKS).source).toBe('both');
  });

  it('leaves a neutral-light frame as it was', () => {
    const { gains } = estimateWhiteBalance(frame({ eyes: 'open', card: [128, 128, 128] }), FACE, LANDMARKS);
    for (const g of gains) expect(Math.abs(g - 1)).toBeLessThan(0.03);
  });

  describe('changes nothing when it cannot trust what it read', () => {
    const unchanged = (pixels: Pixels) => {
      const balance = estimateWhiteBalance(pixels, FACE, LANDMARKS);
      expect(balance).toMatchObject({ gains: [1, 1, 1], source: 'none' });
      expect(tone(pixels)).toEqual(tone(pixels, false));
    };

    it('eyes shut and nothing neutral around: the eyelids are skin, not white', () => {
      unchanged(lit(frame({ eyes: 'shut' }), WARM));
      // A light skin's colour is itself a plausible warm cast within the gain bounds.
      unchanged(lit(frame({ eyes: 'shut', skin: [215, 189, 150] }), WARM));
      unchanged(frame({ eyes: 'shut', skin: [215, 189, 150] }));
    });

    it('a sclera clipped by the light', () => {
      // White eyes at 255 under a warm light: red is clipped and blue alone would give a false cast.
      const pixels = frame({ eyes: 'open' });
      const bright = lit(pixels, [1.25, 1.15, 1]);
      unchanged(bright);
    });

    it('a cast no light gives (green) or beyond the gain bounds', () => {
      unchanged(lit(frame({ eyes: 'open', card: [128, 128, 128] }), [0.92, 1.1, 0.92]));
      unchanged(lit(frame({ eyes: 'open', card: [128, 128, 128] }), [1 / MIN_GAIN + 0.15, 1, 1 / MAX_GAIN - 0.1]));
    });

    it('a dark frame', () => unchanged(lit(frame({ eyes: 'open', card: [128, 128, 128] }), [0.15, 0.14, 0.11])));
  });

  it('never moves a gain outside MIN_GAIN..MAX_GAIN', () => {
    for (const gains of [WARM, COOL, TUNGSTEN, SHADE, [1.3, 1, 0.76], [0.76, 1, 1.3]]) {
      const balance = estimateWhiteBalance(lit(frame({ eyes: 'open', card: [128, 128, 128] }), gains), FACE, LANDMARKS);
      for (const g of balance.gains) {
        expect(g).toBeGreaterThanOrEqual(MIN_GAIN);
        expect(g).toBeLessThanOrEqual(MAX_GAIN);
      }
    }
  });
});
