import { installLoader } from './install-loader';

/*
 * Entry of dist/cdn/loader.js, the async loader snippet. Also meant to be pasted inline: then
 * `data-src` must name the bundle, since an inline script has no URL of its own to resolve against.
 */

// Read at top level: document.currentScript is the loader's tag only while it first runs.
if (typeof document !== 'undefined') installLoader(window, document.currentScript as HTMLScriptElement | null);
