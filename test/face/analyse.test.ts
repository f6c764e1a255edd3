import { describe, expect, it } from 'vitest';
import { analyse, MIN_PHOTO_FACE_PX } from '../../src/face/analyse';
import type { DetectedFace, Pixels } from '../../src/face/analysis';
import { faceScene, rasterizeScene, type FaceOptions } from '../support/draw-face';

/*
 * The glue between detections and the analysis maths (which has its own tests): which issues stop
 * a camera capture and which stop a photo, and what is sent. The pixels are a drawn face painted
 * in Node, and the detection is where the drawing put the face: what a detector should report.
 */

function drawn(options: FaceOptions = {}): { pixels: Pixels; faces: DetectedFace[] } {
  const { scene, layout } = faceScene(options);
  const image = rasterizeScene(scene);
  const pixels: Pixels = { data: new Uint8ClampedArray(image.data.buffer), width: image.width, height: image.height };
  const { rightEye, leftEye, noseTip, mouth, rightEar, leftEar } = layout;
  return { pixels, faces: [{ box: { ...layout.box }, keypoints: [rightEye, leftEye, noseTip, mouth, rightEar, leftEar].map((p) => ({ ...p })), score: 0.92 }] };
}

describe('analyse', () => {
  it('a centred, well-lit face gives the skin tone and nothing more (no landmarks, no shape)', () => {
    const { pixels, faces } = drawn();
    const result = analyse('camera', faces, pixels, undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.attributes).sort()).toEqual(['confidence', 'quality', 'skinTone']);
    expect(result.attributes.skinTone?.band).toMatch(/light|intermediate/);
    expect(result.attributes.faceShape).toBeUndefined();
    expect(result.toneDropped).toBe(false);
  });

  it('an off-centre face stops a camera capture but not a photo', () => {
    const { pixels, faces } = drawn({ centerX: 0.25, scale: 0.5 });
    expect(analyse('camera', faces, pixels, undefined)).toEqual({ ok: false, issue: 'off-centre' });
    const photo = analyse('photo', faces, pixels, undefined);
    expect(photo.ok).toBe(true);
    // The framing is still reflected in the quality that is sent.
    if (photo.ok) expect(photo.attributes.quality).not.toBe('good');
  });

  it('no face: said as such, or as darkness when the picture is dark', () => {
    const { pixels } = drawn();
    expect(analyse('photo', [], pixels, undefined)).toEqual({ ok: false, issue: 'no-face' });
    const dark = drawn({ brightness: 0.1 });
    expect(analyse('photo', [], dark.pixels, undefined)).toEqual({ ok: false, issue: 'too-dark' });
  });

  it('a dark face stops both a capture and a photo', () => {
    const { pixels, faces } = drawn({ brightness: 0.1 });
    expect(analyse('camera', faces, pixels, undefined)).toEqual({ ok: false, issue: 'too-dark' });
    expect(analyse('photo', faces, pixels, undefined)).toEqual({ ok: false, issue: 'too-dark' });
  });

  it(`a face narrower than ${MIN_PHOTO_FACE_PX} px in a photo is too far to read`, () => {
    const { pixels, faces } = drawn({ width: 640, height: 480, scale: 0.15 });
    expect(faces[0]!.box.width).toBeLessThan(MIN_PHOTO_FACE_PX);
    expect(analyse('photo', faces, pixels, undefined)).toEqual({ ok: false, issue: 'too-far' });
  });

  it('two comparable faces stop the analysis: whose tone would it be?', () => {
    const { pixels, faces } = drawn({ centerX: 0.3, scale: 0.4 });
    const other = drawn({ centerX: 0.7, scale: 0.4 }).faces[0]!;
    expect(analyse('photo', [...faces, other], pixels, undefined)).toEqual({ ok: false, issue: 'several-faces' });
  });
});
