import { h, render } from 'preact';
import { App } from './app';
import { WIDGET_CSS } from './styles';
import type { UiController } from './types';

export const HOST_TAG = 'ai-discovery-widget';

/**
 * Creates the host element and its open shadow root, styles it, renders the app, and returns the
 * function that undoes all of it. Constructable stylesheets are used where they exist because a
 * strict `style-src` blocks injected `<style>` elements.
 */
export function mountUi(doc: Document, container: HTMLElement, controller: UiController): () => void {
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('data-ai-discovery', '');
  const shadow = host.attachShadow({ mode: 'open' });
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in shadow && typeof view.CSSStyleSheet?.prototype.replaceSync === 'function') {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = doc.createElement('style');
    style.textContent = WIDGET_CSS;
    shadow.appendChild(style);
  }
  const root = doc.createElement('div');
  root.className = 'root';
  shadow.appendChild(root);
  container.appendChild(host);
  render(h(App, { controller }), root);
  return () => {
    render(null, root);
    host.remove();
  };
}
