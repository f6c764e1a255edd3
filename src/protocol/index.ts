export * from './types.js';
export * from './errors.js';
export * from './limits.js';
export * from './validate.js';
export { safeUrl, type UrlPurpose } from './url.js';
export { parseLegacyResponse, type LegacyLocal } from './legacy.js';
