import type { DetectedFace, Pixels, Point, Rect } from './types.js';

/*
 * Where to look on a face, and how to walk the pixels there.
 *
 * Cheek landmarks of the canonical face mesh (checked against MediaPipe's
 * canonical_face_model.obj): 50, 101, 118 and 205 lie on the subject's right cheek, 280, 330, 347
 * and 425 are their mirror images. In the canonical model (eyes at y ≈ 2.6, mouth corners at
 * y ≈ -4.3, nose tip at x = 0, face edge at |x| ≈ 7.7) they span |x| 3.3..4.8 and y -1.5..0.7:
 * below the lower eyelid, above the mouth, outward of the nose wings and inward of the face edge,
 * so their bounding box is bare cheek skin. The keypoint version below puts its squares at the same
 * place relative to the eyes and mouth, so both paths sample the same skin.
 */

/** Subject's right cheek (image left in an unmirrored frame), then the left one. */
export const CHEEK_LANDMARKS: readonly [readonly number[], readonly number[]] = [
  [50, 101, 118, 205],
  [280, 330, 347, 425],
];

/** Cheek centre offset from the eye midpoint, across, in inter-eye distances (canonical: 4.1 / 6.3). */
const CHEEK_ACROSS = 0.65;
/** Cheek centre offset down, as a share of the eye-midpoint-to-mouth distance (canonical: 3.0 / 6.9). */
const CHEEK_DOWN = 0.45;
/** Side of the cheek square, in inter-eye distances: about the spread of the four landmarks. */
const CHEEK_SIZE = 0.3;

function finite(p: Point | undefined): p is Point {
  return p !== undefined && Number.isFinite(p.x) && Number.isFinite(p.y);
}

function boundsOf(points: Point[], indices: readonly number[]): Rect | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const i of indices) {
    const p = points[i];
    if (!finite(p)) return undefined;
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function fromKeypoints(face: DetectedFace): [Rect, Rect] | undefined {
  const [eye0, eye1, , mouth] = face.keypoints;
  if (!finite(eye0) || !finite(eye1) || !finite(mouth)) return undefined;
  const d = Math.hypot(eye1.x - eye0.x, eye1.y - eye0.y);
  if (!(d >= 2)) return undefined;
  // Built on the eye axis and the eye-to-mouth vector, so the squares follow a tilted head.
  const ux = (eye1.x - eye0.x) / d;
  const uy = (eye1.y - eye0.y) / d;
  const mx = (eye0.x + eye1.x) / 2;
  const my = (eye0.y + eye1.y) / 2;
  const vx = (mouth.x - mx) * CHEEK_DOWN;
  const vy = (mouth.y - my) * CHEEK_DOWN;
  const size = CHEEK_SIZE * d;
  const square = (side: number): Rect => ({
    x: mx + side * CHEEK_ACROSS * d * ux + vx - size / 2,
    y: my + side * CHEEK_ACROSS * d * uy + vy - size / 2,
    width: size,
    height: size,
  });
  return [square(-1), square(1)];
}

/**
 * The two cheek rectangles, in image pixels: from the 478 FaceLandmarker landmarks when given,
 * else from the detector's keypoints. The first is on the side of keypoint 0 / landmark 50
 * (the subject's right). Undefined when the points needed are missing or the face is tiny.
 * @example const [right, left] = cheekRegions(face) ?? [];
 */
export function cheekRegions(face: DetectedFace, landmarks?: Point[]): [Rect, Rect] | undefined {
  if (landmarks && landmarks.length >= 468) {
    const right = boundsOf(landmarks, CHEEK_LANDMARKS[0]);
    const left = boundsOf(landmarks, CHEEK_LANDMARKS[1]);
    if (right && left) return [right, left];
  }
  return fromKeypoints(face);
}

/**
 * Calls `visit` with the byte offset of evenly spaced pixels of `rect` (clipped to the image),
 * about `max` of them at most, and returns how many it visited. The stride keeps a big face as
 * cheap to analyse as a small one.
 */
export function forEachPixel(pixels: Pixels, rect: Rect, max: number, visit: (offset: number) => void): number {
  const { width, height, data } = pixels;
  if (data.length < width * height * 4) throw new RangeError('pixels.data is shorter than width × height × 4 (RGBA)');
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(height, Math.ceil(rect.y + rect.height));
  if (!(x1 > x0 && y1 > y0)) return 0;
  const step = Math.max(1, Math.ceil(Math.sqrt(((x1 - x0) * (y1 - y0)) / max)));
  let count = 0;
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x += step) {
      visit((y * width + x) * 4);
      count++;
    }
  }
  return count;
}
