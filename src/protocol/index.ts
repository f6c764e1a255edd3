export * from './types.js';
export * from './errors.js';
export * from './limits.js';
export * from './validate.js';
export { safeUrl, type UrlPurpose } from './url.js';
export { parseLegacyResponse, type LegacyLocal } from './legacy.js';
/** The field readers the validators are made of, for extensions' own payloads (the server's hand-off). */
export * as readers from './readers.js';
