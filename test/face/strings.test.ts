import { describe, expect, it } from 'vitest';
import { optionsFromScript } from '../../adapters/cdn/api';
import { faceStrings, fill } from '../../src/face/ui/strings';
import { resolveStrings } from '../../src/ui/panel/locales';

const LANGUAGES = ['en', 'fr', 'de', 'es', 'ar'] as const;
const CONSENT_KEYS = ['findMyFit', 'faceConsentTitle', 'faceConsentText', 'faceConsentPrivacy', 'faceUseCamera', 'faceUploadPhoto', 'faceNotNow', 'faceLoading', 'faceLoadFailed'] as const;

const texts = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as Record<string, string>));

describe('face analysis text', () => {
  it('every built-in language has every string of the face steps, translated', () => {
    const en = faceStrings('en');
    for (const language of LANGUAGES) {
      const table = faceStrings(language);
      expect(Object.keys(table).sort(), language).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(table)) {
        for (const text of texts(value)) expect(text.trim(), `${language}.${key}`).not.toBe('');
      }
      expect(table.cspBlocked, language).toContain('{directive}');
      expect(table.monk, language).toContain('{n}');
      if (language === 'en') continue;
      const same = Object.keys(table).filter((key) => JSON.stringify(table[key as keyof typeof table]) === JSON.stringify(en[key as keyof typeof en]));
      expect(same, `${language} copies English`).toEqual([]);
    }
  });

  it('the consent step is in the panel tables of every language', () => {
    for (const language of LANGUAGES) {
      const strings = resolveStrings(language, {});
      for (const key of CONSENT_KEYS) {
        expect(strings[key].trim(), `${language}.${key}`).not.toBe('');
        if (language !== 'en') expect(strings[key], `${language}.${key}`).not.toBe(resolveStrings('en', {})[key]);
      }
    }
  });

  it('the merchant overrides single strings and single names, the rest stays', () => {
    const strings = faceStrings('fr', { capture: 'Photo !', shapeNames: { oval: 'Ovale doux' } as never });
    expect(strings.capture).toBe('Photo !');
    expect(strings.shapeNames.oval).toBe('Ovale doux');
    expect(strings.shapeNames.round).toBe('Rond');
    expect(faceStrings('pt').capture).toBe(faceStrings('en').capture);
    expect(fill(strings.monk, { n: 7 })).toBe('Échelle de Monk : 7 sur 10');
  });
});

describe('the script tag turns face analysis on with data attributes', () => {
  it('data-face enables it; the URL attributes set the files', () => {
    // optionsFromScript reads only `dataset`, which is what these attributes become in a browser.
    const script = (dataset: Record<string, string>) => ({ dataset }) as unknown as HTMLScriptElement;
    const on = script({ socketUrl: '', face: '', faceWasmBaseUrl: '/mp/wasm', faceDetectorModelUrl: '/mp/d.tflite', faceLandmarkerModelUrl: '/mp/face_landmarker.task' });
    expect(optionsFromScript(on).face).toEqual({ enabled: true, wasmBaseUrl: '/mp/wasm', detectorModelUrl: '/mp/d.tflite', landmarkerModelUrl: '/mp/face_landmarker.task' });
    expect(optionsFromScript(script({ socketUrl: '', face: 'false' })).face).toBeUndefined();
    expect(optionsFromScript(script({ socketUrl: '' })).face).toBeUndefined();
  });
});
