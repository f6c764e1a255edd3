import { describe, expect, it } from 'vitest';
import { deltaE2000, itaAngle, itaBand, monkBucket, MONK_SWATCHES, srgbToLab, type Lab } from '../../../src/face/analysis';
import { hexToRgb, labToSrgb } from './fixtures';

function expectLab(actual: Lab, L: number, a: number, b: number, digits = 2): void {
  expect(actual.L).toBeCloseTo(L, digits);
  expect(actual.a).toBeCloseTo(a, digits);
  expect(actual.b).toBeCloseTo(b, digits);
}

describe('srgbToLab', () => {
  it('maps white, black and mid grey onto the neutral axis', () => {
    expectLab(srgbToLab(255, 255, 255), 100, 0, 0, 3);
    expectLab(srgbToLab(0, 0, 0), 0, 0, 0, 6);
    // sRGB 119 is linear 0.1845, L* = 116 · 0.1845^(1/3) − 16 = 50.0 (within 0.1).
    const grey = srgbToLab(119, 119, 119);
    expect(grey.L).toBeCloseTo(50.03, 1);
    expect(Math.abs(grey.a) + Math.abs(grey.b)).toBeLessThan(0.01);
  });

  it('matches published values for the primaries and a skin colour', () => {
    // Reference values from the sRGB (D65) definition, as colour calculators publish them.
    expectLab(srgbToLab(255, 0, 0), 53.24, 80.09, 67.2, 1);
    expectLab(srgbToLab(0, 255, 0), 87.73, -86.18, 83.18, 1);
    expectLab(srgbToLab(0, 0, 255), 32.3, 79.19, -107.86, 1);
    // Dark-shadow values: linear segment of the sRGB curve and of f(t).
    expectLab(srgbToLab(10, 10, 10), 2.75, 0, 0, 1);
  });

  it('round-trips with the independent inverse in the fixtures', () => {
    for (const lab of [{ L: 65, a: 12, b: 18 }, { L: 35, a: 9, b: 14 }, { L: 80, a: 4, b: 12 }]) {
      const [r, g, b] = labToSrgb(lab);
      const back = srgbToLab(r, g, b);
      // 8-bit quantisation moves Lab by well under one unit.
      expect(Math.abs(back.L - lab.L)).toBeLessThan(0.5);
      expect(Math.abs(back.a - lab.a)).toBeLessThan(1);
      expect(Math.abs(back.b - lab.b)).toBeLessThan(1);
    }
  });
});

describe('ITA', () => {
  it('is atan((L* − 50) / b*) in degrees', () => {
    expect(itaAngle({ L: 65, a: 10, b: 15 })).toBeCloseTo(45, 6);
    expect(itaAngle({ L: 50, a: 10, b: 20 })).toBeCloseTo(0, 6);
    expect(itaAngle({ L: 30, a: 10, b: 20 })).toBeCloseTo(-45, 6);
  });

  it('stays finite and within ±90 when b* is 0 or negative', () => {
    expect(itaAngle({ L: 70, a: 0, b: 0 })).toBe(90);
    expect(itaAngle({ L: 20, a: 0, b: 0 })).toBe(-90);
    expect(itaAngle({ L: 50, a: 0, b: 0 })).toBe(0);
    expect(itaAngle({ L: 70, a: 0, b: 1e-12 })).toBeCloseTo(90, 6);
    expect(itaAngle({ L: 70, a: 0, b: -5 })).toBe(90);
  });

  it('puts each boundary in the darker band', () => {
    const cases: [number, string][] = [
      [90, 'very-light'], [55.01, 'very-light'], [55, 'light'], [41.01, 'light'], [41, 'intermediate'],
      [28.01, 'intermediate'], [28, 'tan'], [10.01, 'tan'], [10, 'brown'], [-29.99, 'brown'], [-30, 'dark'], [-90, 'dark'],
    ];
    for (const [ita, band] of cases) expect([ita, itaBand(ita)]).toEqual([ita, band]);
  });
});

describe('deltaE2000', () => {
  // Pairs and differences from Sharma, Wu and Dalal's CIEDE2000 test data (2005).
  const pairs: [number[], number[], number][] = [
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
    [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
    [[50, -1, 2], [50, 0, 0], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[50, 2.5, 0], [61, -5, 29], 22.8977],
    [[50, 2.5, 0], [56, -27, -3], 31.903],
    [[50, 2.5, 0], [58, 24, 15], 19.4535],
    [[50, 2.5, 0], [50, 3.1736, 0.5854], 1],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    [[63.0109, -31.0961, -5.8663], [62.8187, -29.7946, -4.0864], 1.263],
    [[35.0831, -44.1164, 3.7933], [35.0232, -40.0716, 1.5901], 1.8645],
    [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
    [[36.4612, 47.858, 18.3852], [36.2715, 50.5065, 21.2231], 1.4146],
    [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
    [[90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381],
    [[6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377],
    [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
  ];
  it('reproduces the published test pairs, symmetrically', () => {
    for (const [p, q, expected] of pairs) {
      const x = { L: p[0]!, a: p[1]!, b: p[2]! };
      const y = { L: q[0]!, a: q[1]!, b: q[2]! };
      expect(deltaE2000(x, y)).toBeCloseTo(expected, 4);
      expect(deltaE2000(y, x)).toBeCloseTo(expected, 4);
    }
    expect(deltaE2000({ L: 40, a: 0, b: 0 }, { L: 40, a: 0, b: 0 })).toBe(0);
  });
});

describe('monkBucket', () => {
  it('maps each published swatch to its own bucket', () => {
    MONK_SWATCHES.forEach((hex, i) => {
      const [r, g, b] = hexToRgb(hex);
      expect(monkBucket(srgbToLab(r, g, b))).toBe(i + 1);
    });
  });

  it('puts colours between swatches in a neighbouring bucket and orders by depth', () => {
    const mid = (h1: string, h2: string) => {
      const [a, b] = [hexToRgb(h1), hexToRgb(h2)];
      return srgbToLab((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2);
    };
    expect([6, 7]).toContain(monkBucket(mid('a07e56', '825c43')));
    expect([9, 10]).toContain(monkBucket(mid('3a312a', '292420')));
    expect(monkBucket({ L: 100, a: 0, b: 0 })).toBe(1);
    expect(monkBucket({ L: 5, a: 1, b: 1 })).toBe(10);
  });
});
