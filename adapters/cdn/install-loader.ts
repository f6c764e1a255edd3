import { BUNDLE_INTEGRITY, BUNDLE_PATH } from './build-info';
import type { CommandQueue } from './queue';

/*
 * The async loader's logic (built from ./loader as dist/cdn/loader.js, at most 1 KB brotli): a
 * command queue now, the bundle later. It must stay tiny, so it imports nothing but two strings.
 * The launcher (./install-launcher) shares the queue and the injection and differs only in when.
 */

/** The shopper's first interaction: the bundle is fetched then, if the page was not idle before. */
const INTERACTIONS = ['pointerdown', 'keydown', 'scroll', 'focus'];

/** The installed queue and the function that brings the bundle (once, whoever calls it first). */
export interface QueuedStart {
  queue: CommandQueue;
  load(): void;
}

/**
 * Installs the queue in `win.AIDiscovery`, or returns undefined when a loader or the bundle is
 * already there (one widget per page). `script` is the tag whose `data-*` are the options
 * (`data-src` for another bundle URL, `data-integrity` for its hash). `onCommand` hears every
 * call queued from now on, so a caller can fetch the bundle early for one that needs it.
 */
export function installQueue(win: Window & typeof globalThis, script: HTMLScriptElement | null, onCommand?: (name: unknown) => void): QueuedStart | undefined {
  const scope = win as unknown as { AIDiscovery?: CommandQueue | { init: unknown } };
  // A page's one-line stub may already hold calls: keep its queue rather than lose them.
  const prior = scope.AIDiscovery;
  if (prior && ('s' in prior || 'init' in prior)) return undefined;
  const queue = function command(...args: unknown[]) {
    queue.q.push(args);
    onCommand?.(args[0]);
  } as CommandQueue;
  // The same array, so calls made through a reference to the page's stub still land in it.
  queue.q = (prior as CommandQueue | undefined)?.q ?? [];
  queue.s = script;
  scope.AIDiscovery = queue;
  const doc = win.document;
  const load = () => {
    // The bundle may have come by a plain script tag meanwhile, or another trigger fired first.
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
  return { queue, load };
}

/** The async loader: the queue now, the bundle when the page is idle or at the first interaction. */
export function installLoader(win: Window & typeof globalThis, script: HTMLScriptElement | null): void {
  const started = installQueue(win, script);
  if (!started) return;
  const load = () => {
    for (const type of INTERACTIONS) win.removeEventListener(type, load, true);
    started.load();
  };
  for (const type of INTERACTIONS) win.addEventListener(type, load, { capture: true, passive: true });
  if (win.requestIdleCallback) win.requestIdleCallback(load, { timeout: 5000 });
  else win.setTimeout(load, 1000);
}
