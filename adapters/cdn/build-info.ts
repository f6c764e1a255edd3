/*
 * Facts about the released CDN files that the loader embeds. rollup.config.ts replaces this module
 * when it builds dist/cdn/loader.js, after the bundle it points at has been written; these values
 * are what unit tests and the type checker see.
 */

/** The bundle the loader injects, relative to the loader's own URL. */
export const BUNDLE_PATH = 'ai-discovery.js';

/** Its SRI hash (`sha384-…`); empty when unknown, and then no `integrity` is set. */
export const BUNDLE_INTEGRITY = '';
