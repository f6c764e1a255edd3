import type { AIDiscoveryWidget } from '../../src/index';
import { EarlyLauncher, type EarlyLauncherOptions } from '../../src/launcher/early-launcher';
import { HOST_TAG } from '../../src/ui/mount';
import { installQueue } from './install-loader';

/*
 * The launcher's logic (dist/cdn/launcher.js, and the Shopify app embed): the loader's command
 * queue, plus the chat button drawn at once, while the widget's code waits for the shopper to head
 * for the button, or for the page to have been quiet for a while. When the widget arrives it takes
 * over the button, the open early panel and whatever the shopper typed in it.
 */

/** How long after the page's `load` event the widget loads anyway, in the next idle period. */
export const DEFAULT_LOAD_AFTER_MS = 10_000;

/** Calls that need the widget itself, not just the queue: they fetch it at once. */
const NEEDS_WIDGET = new Set<unknown>(['open', 'toggle', 'send', 'reconnect']);

export interface LauncherSettings {
  /**
   * Milliseconds after the page's `load` event after which the widget loads in the next idle
   * period even if nobody touched the button (a saved conversation, answers, a queued message);
   * `Infinity` waits for the shopper. @default DEFAULT_LOAD_AFTER_MS
   */
  loadAfterMs?: number;
  /** Load at once (the page asked for the chat to start open). @default false */
  eager?: boolean;
  /** The button's look and labels, read once the body exists (so queued calls are in); undefined draws none. */
  look(queued: unknown[][]): EarlyLauncherOptions | undefined;
}

type Widget = Pick<AIDiscoveryWidget, 'send' | 'open' | 'on'>;

/**
 * Installs the queue in `win.AIDiscovery` and, once the body exists, the early launcher. `script`
 * is the tag whose `data-*` are the widget's options (`data-src`, `data-integrity` as the loader).
 * Does nothing when a loader, launcher or the bundle is already on the page.
 */
export function installLauncher(win: Window & typeof globalThis, script: HTMLScriptElement | null, settings: LauncherSettings): void {
  let early: EarlyLauncher | undefined;
  const sent: string[] = [];
  const started = installQueue(win, script, (name) => NEEDS_WIDGET.has(name) && started?.load());
  if (!started) return;
  const { queue, load } = started;
  const doc = win.document;

  const draw = () => {
    const queued = Array.from(queue.q, (call) => Array.from(call));
    if (settings.eager || queued.some(([name]) => NEEDS_WIDGET.has(name))) load();
    const look = settings.look(queued);
    if (!look) return;
    early = new EarlyLauncher(doc, look, {
      touch: load,
      open: (open) => open && load(),
      submit: (text) => {
        sent.push(text);
        load();
      },
    }).mount();
  };
  if (doc.body) draw();
  else doc.addEventListener('DOMContentLoaded', draw, { once: true });

  const loadAfterMs = settings.loadAfterMs ?? DEFAULT_LOAD_AFTER_MS;
  if (Number.isFinite(loadAfterMs)) {
    const idle = () => (win.requestIdleCallback ? win.requestIdleCallback(load, { timeout: 2000 }) : load());
    const wait = () => win.setTimeout(idle, loadAfterMs);
    if (doc.readyState === 'complete') wait();
    else win.addEventListener('load', wait, { once: true });
  }

  doc.addEventListener('ai-discovery:ready', (event) => {
    const widget = (event as CustomEvent<Widget>).detail;
    if (early) handOver(doc, early, widget, sent.splice(0));
  }, { once: true });
}

/**
 * The widget is mounted (its host is in the page, in the same task as this): the early launcher
 * leaves, handing on the open panel, the messages sent from it, the text typed and the focus.
 */
function handOver(doc: Document, early: EarlyLauncher, widget: Widget, sent: string[]): void {
  const shadow = Array.from(doc.querySelectorAll(HOST_TAG)).find((host) => !host.hasAttribute('data-early'))?.shadowRoot;
  // Failures are the widget's to show (a failed message in its panel); nothing more to do here.
  for (const text of sent) widget.send(text).catch(() => {});
  if (!shadow || !early.opened) {
    const focused = early.focused;
    early.destroy();
    if (focused) shadow?.querySelector<HTMLElement>('.launcher')?.focus();
    return;
  }
  widget.open();
  // Closed with the widget's own button before its panel came: nothing left to hand on.
  const off = widget.on('close', () => finish());
  const observer = new MutationObserver(() => move());
  const finish = () => {
    off();
    observer.disconnect();
    early.destroy();
  };
  // The early panel stays until the widget's composer exists, so there is never a moment without a field.
  const move = () => {
    const input = shadow.querySelector<HTMLInputElement>('.composer input');
    if (!input) return;
    const draft = early.draft;
    const focus = early.focused === 'field' || shadow.activeElement === input;
    finish();
    if (draft) {
      input.value = draft;
      // The composer keeps its text in state, which its input listener updates.
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (focus) {
      input.focus();
      input.setSelectionRange(draft.length, draft.length);
    }
  };
  observer.observe(shadow, { childList: true, subtree: true });
  move();
}
