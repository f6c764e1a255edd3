import type { Lab, ToneBand } from './types.js';

/*
 * Colour maths for skin tone: sRGB (D65) to CIELAB, the Individual Typology Angle and its bands
 * (Chardon et al. 1991, as FACTS.md lists them) and the nearest Monk Skin Tone swatch by CIEDE2000.
 */

const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;

// D65 reference white for the 2° observer, with Y = 1.
const XN = 0.95047;
const ZN = 1.08883;
const EPSILON = 216 / 24389; // (6/29)^3
const KAPPA = 24389 / 27; // (29/3)^3

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function f(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

/**
 * Writes the Lab of one 8-bit sRGB colour into `out`: the pixel loops reuse one object instead of
 * allocating per pixel.
 */
export function srgbToLabInto(r: number, g: number, b: number, out: Lab): Lab {
  const R = linear(r);
  const G = linear(g);
  const B = linear(b);
  // IEC 61966-2-1 sRGB to XYZ matrix.
  const fx = f((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / XN);
  const fy = f(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
  const fz = f((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / ZN);
  out.L = 116 * fy - 16;
  out.a = 500 * (fx - fy);
  out.b = 200 * (fy - fz);
  return out;
}

/**
 * CIELAB (D65) of an 8-bit sRGB colour.
 * @example srgbToLab(255, 0, 0) // { L: 53.24, a: 80.09, b: 67.20 } (rounded)
 */
export function srgbToLab(r: number, g: number, b: number): Lab {
  return srgbToLabInto(r, g, b, { L: 0, a: 0, b: 0 });
}

/**
 * Individual Typology Angle in degrees, -90..90: atan((L* - 50) / b*). Written with atan2 and b*
 * floored at 0 so that b* = 0 gives ±90 (or 0 at L* = 50) instead of dividing by zero; skin always
 * has b* > 0, where this is exactly the textbook formula.
 * @example itaAngle({ L: 65, a: 10, b: 15 }) // 45
 */
export function itaAngle(lab: Lab): number {
  return Math.atan2(lab.L - 50, Math.max(lab.b, 0)) * DEG;
}

/**
 * The ITA band. A boundary value belongs to the darker band (ITA > 55 is very light, 55 is light),
 * as in Chardon's table.
 * @example itaBand(45) // 'light'
 */
export function itaBand(ita: number): ToneBand {
  if (ita > 55) return 'very-light';
  if (ita > 41) return 'light';
  if (ita > 28) return 'intermediate';
  if (ita > 10) return 'tan';
  if (ita > -30) return 'brown';
  return 'dark';
}

function hue(b: number, a: number): number {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a) * DEG;
  return h < 0 ? h + 360 : h;
}

const POW25_7 = 25 ** 7;

/**
 * CIEDE2000 colour difference (kL = kC = kH = 1), following Sharma, Wu and Dalal (2005).
 * @example deltaE2000({ L: 50, a: 2.6772, b: -79.7751 }, { L: 50, a: 0, b: -82.7485 }) // 2.0425
 */
export function deltaE2000(x: Lab, y: Lab): number {
  const cBar = (Math.hypot(x.a, x.b) + Math.hypot(y.a, y.b)) / 2;
  const c7 = cBar ** 7;
  const g = 0.5 * (1 - Math.sqrt(c7 / (c7 + POW25_7)));
  const a1 = (1 + g) * x.a;
  const a2 = (1 + g) * y.a;
  const c1 = Math.hypot(a1, x.b);
  const c2 = Math.hypot(a2, y.b);
  const h1 = hue(x.b, a1);
  const h2 = hue(y.b, a2);
  const chroma = c1 * c2 !== 0;

  let dh = chroma ? h2 - h1 : 0;
  if (dh > 180) dh -= 360;
  else if (dh < -180) dh += 360;
  const dL = y.L - x.L;
  const dC = c2 - c1;
  const dH = 2 * Math.sqrt(c1 * c2) * Math.sin((dh / 2) * RAD);

  const lBar = (x.L + y.L) / 2;
  const cBarP = (c1 + c2) / 2;
  let hBar = h1 + h2;
  if (chroma) {
    if (Math.abs(h1 - h2) > 180) hBar += hBar < 360 ? 360 : -360;
    hBar /= 2;
  }
  const t = 1 - 0.17 * Math.cos((hBar - 30) * RAD) + 0.24 * Math.cos(2 * hBar * RAD)
    + 0.32 * Math.cos((3 * hBar + 6) * RAD) - 0.2 * Math.cos((4 * hBar - 63) * RAD);
  const cp7 = cBarP ** 7;
  const rT = -2 * Math.sqrt(cp7 / (cp7 + POW25_7)) * Math.sin(60 * Math.exp(-(((hBar - 275) / 25) ** 2)) * RAD);
  const l50 = (lBar - 50) ** 2;
  const tL = dL / (1 + (0.015 * l50) / Math.sqrt(20 + l50));
  const tC = dC / (1 + 0.045 * cBarP);
  const tH = dH / (1 + 0.015 * cBarP * t);
  return Math.sqrt(tL * tL + tC * tC + tH * tH + rT * tC * tH);
}

/** Google's published Monk Skin Tone swatches, lightest (1) to deepest (10). */
export const MONK_SWATCHES: readonly string[] = [
  'f6ede4', 'f3e7db', 'f7ead0', 'eadaba', 'd7bd96', 'a07e56', '825c43', '604134', '3a312a', '292420',
];

function hexToLab(hex: string): Lab {
  const n = parseInt(hex, 16);
  return srgbToLab(n >> 16, (n >> 8) & 255, n & 255);
}

/**
 * The Monk Skin Tone bucket (1..10): the swatch nearest in CIEDE2000, which weighs lightness, chroma
 * and hue closer to how they are seen than the plain Euclidean ΔE76 does.
 * @example monkBucket(srgbToLab(0xa0, 0x7e, 0x56)) // 6
 */
export function monkBucket(lab: Lab): number {
  let best = 1;
  let bestDistance = Infinity;
  MONK_SWATCHES.forEach((hex, i) => {
    const d = deltaE2000(lab, hexToLab(hex));
    if (d < bestDistance) {
      bestDistance = d;
      best = i + 1;
    }
  });
  return best;
}
