import { describe, expect, it } from 'vitest';
import { FACE_QUALITIES, FACE_SHAPES, SKIN_TONE_BANDS, parseFaceAnalysis, parseFaceAttributes } from '../../src/protocol';

const valid = { faceShape: 'oval', skinTone: { ita: -12.5, band: 'brown', monk: 8 }, confidence: 0.7, quality: 'fair' };

describe('face-analysis validators', () => {
  it('accepts full and minimal attributes, copying only known fields', () => {
    const r = parseFaceAnalysis({ id: 'f-1', sessionId: 's-1', attributes: { ...valid, landmarks: [1, 2], image: 'data:...' }, extra: true });
    expect(r.ok && r.value).toEqual({ id: 'f-1', sessionId: 's-1', attributes: valid });
    expect(parseFaceAttributes({ confidence: 0, quality: 'poor', faceShape: null, skinTone: null })).toMatchObject({ ok: true, value: { confidence: 0, quality: 'poor' } });
  });

  it.each([
    ['ita', { ...valid, skinTone: { ...valid.skinTone, ita: 90.01 } }],
    ['ita', { ...valid, skinTone: { ...valid.skinTone, ita: -91 } }],
    ['ita', { ...valid, skinTone: { ...valid.skinTone, ita: Number.POSITIVE_INFINITY } }],
    ['monk', { ...valid, skinTone: { ...valid.skinTone, monk: 11 } }],
    ['monk', { ...valid, skinTone: { ...valid.skinTone, monk: 1.5 } }],
    ['band', { ...valid, skinTone: { ...valid.skinTone, band: 'Brown' } }],
    ['confidence', { ...valid, confidence: -0.01 }],
    ['confidence', { ...valid, confidence: Number.NaN }],
    ['faceShape', { ...valid, faceShape: 'triangle' }],
    ['faceShape', { ...valid, faceShape: 3 }],
    ['quality', { ...valid, quality: undefined }],
  ])('refuses a bad %s with invalid, naming the field but not the value', (field, attributes) => {
    const r = parseFaceAttributes(attributes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid');
    expect(r.error.message).toContain(field);
    expect(r.error.message).not.toMatch(/triangle|90\.01|Brown|-0\.01|1\.5\b/);
  });

  it('lists every value the types allow', () => {
    expect(FACE_SHAPES).toEqual(['oval', 'round', 'square', 'heart', 'oblong', 'diamond']);
    expect(SKIN_TONE_BANDS).toEqual(['very-light', 'light', 'intermediate', 'tan', 'brown', 'dark']);
    expect(FACE_QUALITIES).toEqual(['good', 'fair', 'poor']);
  });
});
