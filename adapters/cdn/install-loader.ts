import { BUNDLE_INTEGRITY, BUNDLE_PATH } from './build-info';
import type { CommandQueue } from './queue';

/*
 * The async loader's logic (built from ./loader as dist/cdn/loader.js, at most 1 KB brotli): a
 * command queue now, the bundle later. It must stay tiny, so it imports nothing but two strings.
 */

/** The shopper's first interaction: the bundle is fetched then, if the page was not idle before. */
const INTERACTIONS = ['pointerdown', 'keydown', 'scroll', 'focus'];

/**
 * Installs the queue in `win.AIDiscovery` and schedules the bundle. `script` is the loader's own
 * tag (options in its `data-*`, `data-src` for another bundle URL, `data-integrity` for its hash).
 */
export function installLoader(win: Window & typeof globalThis, script: HTMLScriptElement | null): void {
  const scope = win as unknown as { AIDiscovery?: CommandQueue | { init: unknown } };
  // A page's one-line stub may already hold calls: keep its queue rather than lose them.
  const queue = (scope.AIDiscovery ?? function stub(...command: unknown[]) {
    queue.q.push(command);
  }) as CommandQueue;
  // A second loader, or the bundle itself already here: one widget per page.
  if ('s' in queue || 'init' in queue) return;
  queue.q ??= [];
  queue.s = script;
  scope.AIDiscovery = queue;
  const doc = win.document;
  const load = () => {
    for (const type of INTERACTIONS) win.removeEventListener(type, load, true);
    // The bundle may have come by a plain script tag meanwhile, or the other trigger fired first.
    if (scope.AIDiscovery !== queue || queue.l) return;
    queue.l = 1;
    const data = script?.dataset ?? {};
    const tag = doc.createElement('script');
    tag.src = data.src ?? new URL(BUNDLE_PATH, script?.src || doc.baseURI).href;
    // The embedded hash is that of the default (versioned) bundle only; another URL brings its own.
    const integrity = data.integrity ?? (data.src ? '' : BUNDLE_INTEGRITY);
    if (integrity) {
      tag.setAttribute('integrity', integrity);
      tag.setAttribute('crossorigin', 'anonymous');
    }
    doc.head.append(tag);
  };
  for (const type of INTERACTIONS) win.addEventListener(type, load, { capture: true, passive: true });
  if (win.requestIdleCallback) win.requestIdleCallback(load, { timeout: 5000 });
  else win.setTimeout(load, 1000);
}
