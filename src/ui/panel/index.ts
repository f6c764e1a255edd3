import { h, render } from 'preact';
import type { UiController } from '../types.js';
import { adoptCss } from '../stylesheet.js';
import { Panel } from './panel.js';
import { PANEL_CSS } from './styles.js';

/**
 * The panel: everything a shopper sees once the chat is open. It is its own module so the code
 * and styles every page loads stay small; the widget imports it when the page is idle or when the
 * chat is opened, whichever comes first.
 */
export function mountPanel(slot: HTMLElement, shadow: ShadowRoot, controller: UiController, nonce?: string): () => void {
  const removeCss = adoptCss(shadow, PANEL_CSS, nonce);
  render(h(Panel, { controller }), slot);
  return () => {
    render(null, slot);
    removeCss();
  };
}
