/**
 * On-device face analysis maths: pure functions over plain data (no DOM, no MediaPipe), so the
 * face chunk can run them on camera frames and tests can run them in Node.
 */
export { toFaceAttributes, MIN_SHAPE_CONFIDENCE } from './attributes.js';
export { deltaE2000, itaAngle, itaBand, monkBucket, srgbToLab, MONK_SWATCHES } from './color.js';
export { estimateFaceShape } from './face-shape.js';
export {
  assessQuality, luma, meanLuminance,
  MAX_CLIPPED_SHARE, MAX_FACE_SIZE, MAX_OFF_CENTRE, MIN_FACE_SIZE, OTHER_FACE_SCORE, OTHER_FACE_SIZE,
  TOO_BRIGHT_LUMA, TOO_DARK_LUMA,
} from './quality.js';
export { cheekRegions, CHEEK_LANDMARKS } from './regions.js';
export { estimateSkinTone, LOW_CONFIDENCE, MIN_USABLE_PIXELS, UNEVEN_LIGHTNESS } from './skin-tone.js';
export { estimateWhiteBalance, MAX_GAIN, MIN_BALANCE_CONFIDENCE, MIN_GAIN, NO_BALANCE } from './white-balance.js';
export type * from './types.js';
