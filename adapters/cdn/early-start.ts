import type { AIDiscoveryWidget } from '../../src/index';
import { EarlyLauncher, type EarlyLauncherOptions } from '../../src/launcher/early-launcher';
import { HOST_TAG } from '../../src/ui/mount';

/*
 * What every launcher shares, whatever brings the widget's code (a script tag the CDN launcher
 * injects, RequireJS in Magento): the button drawn once the body exists, the widget's code when the
 * shopper heads for it or some seconds after the page's load, and the hand-over to the widget when
 * its `ai-discovery:ready` event comes. Nothing here knows how the widget is fetched.
 */

/** How long after the page's `load` event the widget loads anyway, in the next idle period. */
export const DEFAULT_LOAD_AFTER_MS = 10_000;

export interface EarlyStartSettings {
  /**
   * Milliseconds after the page's `load` event after which the widget loads in the next idle
   * period even if nobody touched the button (a saved conversation, answers, a queued message);
   * `Infinity` waits for the shopper. @default DEFAULT_LOAD_AFTER_MS
   */
  loadAfterMs?: number;
  /** The button's look and labels, asked once the body exists; undefined draws none. */
  look(): EarlyLauncherOptions | undefined;
}

type Widget = Pick<AIDiscoveryWidget, 'send' | 'open' | 'on'>;

/**
 * Draws the early launcher once the body exists and calls `load` (which must be idempotent) at the
 * first touch, a press, a message sent early, or after `loadAfterMs`; the widget's
 * `ai-discovery:ready` event then hands the button over to it.
 */
export function startEarly(win: Window & typeof globalThis, settings: EarlyStartSettings, load: () => void): void {
  let early: EarlyLauncher | undefined;
  const sent: string[] = [];
  const doc = win.document;

  const draw = () => {
    const look = settings.look();
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
    const pressed = early.pressed;
    early.destroy();
    const launcher = shadow?.querySelector<HTMLElement>('.launcher');
    if (focused) launcher?.focus();
    if (pressed && launcher) finishPress(doc, launcher, widget);
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

/**
 * The shopper pressed the early button and the widget took its place before the release. The
 * browser fires no click then (the press began on an element that is gone), and the press would be
 * lost: a tap on a phone, with the bundle from the cache, often ends just after the widget came.
 * A release over the widget's button opens the chat, after any click the browser does fire (open is
 * idempotent, so a click that already opened it is not undone); a release elsewhere, or a cancelled
 * pointer, does nothing.
 */
function finishPress(doc: Document, launcher: HTMLElement, widget: Widget): void {
  const win = doc.defaultView;
  const stop = () => {
    doc.removeEventListener('pointerup', release, true);
    doc.removeEventListener('pointercancel', stop, true);
  };
  const release = (event: PointerEvent) => {
    if (!event.isPrimary) return;
    stop();
    if (event.composedPath().includes(launcher)) win?.setTimeout(() => widget.open(), 0);
  };
  doc.addEventListener('pointerup', release, true);
  doc.addEventListener('pointercancel', stop, true);
}
