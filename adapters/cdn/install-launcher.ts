import type { EarlyLauncherOptions } from '../../src/launcher/early-launcher';
import { DEFAULT_LOAD_AFTER_MS, startEarly } from './early-start';
import { installQueue } from './install-loader';

/*
 * The launcher's logic (dist/cdn/launcher.js, and the Shopify app embed): the loader's command
 * queue, plus the chat button drawn at once, while the widget's code waits for the shopper to head
 * for the button, or for the page to have been quiet for a while (./early-start). When the widget
 * arrives it takes over the button, the open early panel and whatever the shopper typed in it.
 */

export { DEFAULT_LOAD_AFTER_MS };

/** Calls that need the widget itself, not just the queue: they fetch it at once. */
const NEEDS_WIDGET = new Set<unknown>(['open', 'toggle', 'send', 'reconnect']);

export interface LauncherSettings {
  /**
   * Milliseconds after the page's `load` event after which the widget loads in the next idle
   * period even if nobody touched the button; `Infinity` waits for the shopper. @default DEFAULT_LOAD_AFTER_MS
   */
  loadAfterMs?: number;
  /** Load at once (the page asked for the chat to start open). @default false */
  eager?: boolean;
  /** The button's look and labels, read once the body exists (so queued calls are in); undefined draws none. */
  look(queued: unknown[][]): EarlyLauncherOptions | undefined;
}

/**
 * Installs the queue in `win.AIDiscovery` and, once the body exists, the early launcher. `script`
 * is the tag whose `data-*` are the widget's options (`data-src`, `data-integrity` as the loader).
 * Does nothing when a loader, launcher or the bundle is already on the page.
 */
export function installLauncher(win: Window & typeof globalThis, script: HTMLScriptElement | null, settings: LauncherSettings): void {
  const started = installQueue(win, script, (name) => NEEDS_WIDGET.has(name) && started?.load());
  if (!started) return;
  const { queue, load } = started;
  startEarly(win, {
    loadAfterMs: settings.loadAfterMs,
    look: () => {
      const queued = Array.from(queue.q, (call) => Array.from(call));
      if (settings.eager || queued.some(([name]) => NEEDS_WIDGET.has(name))) load();
      return settings.look(queued);
    },
  }, load);
}
