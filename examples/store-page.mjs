// The demo store page has one template, examples/html-store/index.html, whose one script tag is
// the launcher's: the install merchants copy, served as it is at `/`. The same page with the whole
// bundle's tag instead (same data-* options) is for what needs the widget from page load: the
// browser tests that drive it from there, the strict-policy check and the benchmarks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const STORE_TEMPLATE = fileURLToPath(new URL('html-store/index.html', import.meta.url));
const LAUNCHER_SRC = 'src="/dist/cdn/launcher.js"';
const BUNDLE_SRC = 'src="/dist/cdn/ai-discovery.js"';

/**
 * The store page's HTML with the launcher's tag (`'launcher'`: the file as it is) or the bundle's
 * (`'bundle'`). Read at each call, so an edit of the template shows at the next request.
 */
export function storePage(script) {
  const html = readFileSync(STORE_TEMPLATE, 'utf8');
  // Anything else would serve the launcher page under the bundle's name, or the reverse.
  if (html.split(LAUNCHER_SRC).length !== 2) throw new Error(`${STORE_TEMPLATE} must load the widget by exactly one tag with ${LAUNCHER_SRC}`);
  if (script === 'launcher') return html;
  if (script === 'bundle') return html.replace(LAUNCHER_SRC, BUNDLE_SRC);
  throw new Error(`storePage: script must be 'launcher' or 'bundle', not ${JSON.stringify(script)}`);
}
