import { faceScene, type Rgb, type Scene, type Shape } from './draw-face';

/**
 * A generated test set for face analysis accuracy (bench/face-accuracy.mjs): drawn faces of a
 * known shape, skin tone and light, at several sizes, positions and roll angles. The face
 * outline is drawn from the textbook description of each shape (relative widths of forehead,
 * cheekbones and jaw, length, chin), not from the analysis's prototypes, so the set measures the
 * rules rather than echoing them. Deterministic: the same list every run.
 */
export type ShapeName = 'oval' | 'round' | 'square' | 'oblong' | 'heart' | 'diamond';

/** Half-widths (share of the face height unit) at forehead, cheekbones and jaw; length; chin roundness (0 pointed, 1 flat). */
interface Outline {
  readonly forehead: number;
  readonly cheek: number;
  readonly jaw: number;
  readonly length: number;
  readonly chin: number;
}

export const OUTLINES: Readonly<Record<ShapeName, Outline>> = {
  oval: { forehead: 0.31, cheek: 0.36, jaw: 0.27, length: 1.0, chin: 0.45 },
  round: { forehead: 0.34, cheek: 0.4, jaw: 0.34, length: 0.84, chin: 0.75 },
  square: { forehead: 0.37, cheek: 0.38, jaw: 0.37, length: 0.88, chin: 0.95 },
  oblong: { forehead: 0.3, cheek: 0.32, jaw: 0.29, length: 1.12, chin: 0.7 },
  heart: { forehead: 0.39, cheek: 0.37, jaw: 0.22, length: 0.98, chin: 0.15 },
  diamond: { forehead: 0.26, cheek: 0.4, jaw: 0.23, length: 0.98, chin: 0.2 },
};

/** The Monk Skin Tone scale's ten reference colours (Google's published orbs), sRGB. */
export const MONK: readonly Rgb[] = [
  [246, 237, 228], [243, 231, 219], [247, 234, 208], [234, 218, 186], [215, 189, 150],
  [160, 126, 86], [130, 92, 67], [96, 65, 52], [58, 49, 42], [41, 36, 32],
];

/** Per-channel gains of the light falling on the scene. */
export const LIGHTS: Readonly<Record<'neutral' | 'warm' | 'cool', readonly [number, number, number]>> = {
  neutral: [1, 1, 1],
  warm: [1.1, 1.0, 0.8],
  cool: [0.86, 0.97, 1.12],
};

export interface TestFace {
  readonly id: string;
  readonly shape: ShapeName;
  /** Monk bucket 1..10 of the skin colour drawn. */
  readonly monk: number;
  readonly light: keyof typeof LIGHTS;
  readonly scale: number;
  readonly centerX: number;
  /** Roll, degrees. */
  readonly roll: number;
  /** Every third face is held out: kept apart when reading the table, never used to set anything. */
  readonly heldOut: boolean;
}

/** Half-width of the outline at height t (0 top of the head .. 1 chin), in face units. */
function halfWidth(o: Outline, t: number): number {
  if (t < 0.3) return o.forehead * Math.sqrt(Math.max(0, 1 - ((0.3 - t) / 0.3) ** 2)); // the crown, rounded
  if (t < 0.5) return o.forehead + ((o.cheek - o.forehead) * (t - 0.3)) / 0.2;
  if (t < 0.78) return o.cheek + ((o.jaw - o.cheek) * (t - 0.5)) / 0.28;
  // Jaw to chin: flat chins keep their width longer, pointed ones taper at once.
  const u = (t - 0.78) / 0.22;
  return o.jaw * Math.sqrt(Math.max(0, 1 - u ** (1 + 4 * o.chin)));
}

function outlinePolygon(o: Outline, cx: number, cy: number, s: number, fill: Rgb): Shape {
  const height = o.length * s;
  const top = cy - height / 2;
  const steps = 48;
  const right: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    right.push([cx + halfWidth(o, t) * s, top + t * height]);
  }
  const left = right.map(([x, y]) => [2 * cx - x, y] as [number, number]).reverse();
  return { kind: 'polygon', points: [...right, ...left], fill };
}

const tint = (rgb: Rgb, gains: readonly number[]): Rgb => rgb.map((c, i) => Math.max(0, Math.min(255, Math.round(c * gains[i]!)))) as unknown as Rgb;

function rotate(shape: Shape, cx: number, cy: number, degrees: number): Shape {
  if (degrees === 0) return shape;
  const a = (degrees * Math.PI) / 180;
  const turn = (x: number, y: number): [number, number] => [cx + (x - cx) * Math.cos(a) - (y - cy) * Math.sin(a), cy + (x - cx) * Math.sin(a) + (y - cy) * Math.cos(a)];
  if (shape.kind === 'ellipse') {
    const [x, y] = turn(shape.cx, shape.cy);
    return { ...shape, cx: x, cy: y, rotation: shape.rotation + a };
  }
  if (shape.kind === 'polygon') return { ...shape, points: shape.points.map(([x, y]) => turn(x, y)) };
  return shape;
}

/** The scene of one test face: the suite's drawn face with its head replaced by the shape's outline. */
export function testFaceScene(face: TestFace): Scene {
  const skin = MONK[face.monk - 1]!;
  const { scene } = faceScene({ skin, scale: face.scale, centerX: face.centerX, background: [150, 150, 150] });
  const height = scene.height;
  const cx = face.centerX * scene.width;
  const cy = 0.5 * height;
  const s = face.scale * height;
  const shapes = scene.shapes.map((shape, i) => (i === 3 ? outlinePolygon(OUTLINES[face.shape], cx, cy, s, skin) : shape));
  const gains = LIGHTS[face.light];
  return {
    ...scene,
    shapes: shapes.map((shape, i) => {
      const turned = i === 0 ? shape : rotate(shape, cx, cy, face.roll);
      return turned.kind === 'noise' ? turned : { ...turned, fill: tint(turned.fill, gains) };
    }),
  };
}

/** Every face of the set: 6 shapes x 10 Monk buckets x 3 lights, each at one of four framings. */
export function testSet(): TestFace[] {
  const framings = [
    { scale: 0.55, centerX: 0.5, roll: 0 },
    { scale: 0.42, centerX: 0.5, roll: 0 },
    { scale: 0.55, centerX: 0.4, roll: 0 },
    { scale: 0.55, centerX: 0.5, roll: 8 },
  ];
  const faces: TestFace[] = [];
  let n = 0;
  for (const shape of Object.keys(OUTLINES) as ShapeName[]) {
    for (let monk = 1; monk <= 10; monk++) {
      for (const light of Object.keys(LIGHTS) as (keyof typeof LIGHTS)[]) {
        const framing = framings[n % framings.length]!;
        faces.push({ id: `${shape}-m${monk}-${light}-${n % framings.length}`, shape, monk, light, ...framing, heldOut: n % 3 === 2 });
        n++;
      }
    }
  }
  return faces;
}
