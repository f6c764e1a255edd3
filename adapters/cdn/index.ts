import { AIDiscoveryWidget, WidgetError, type WidgetOptions } from '../../src/index';
import { init, optionsFromScript, startsItself, whenBody } from './api';

/*
 * Entry of the AMD build (dist/amd/ai-discovery.js), which RequireJS loads as a module: named
 * exports, no global. The script-tag build has its own entry, ./global, which owns `AIDiscovery`.
 */
export { AIDiscoveryWidget, WidgetError, init, optionsFromScript };
export type { WidgetOptions };

/**
 * A script tag that carries `data-socket-url` (or only `data-api-url`) starts the widget by itself once the body exists,
 * and announces it with an `ai-discovery:ready` event whose `detail` is the widget.
 */
function autoStart(): void {
  if (typeof document === 'undefined') return;
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !startsItself(script)) return;
  const options = optionsFromScript(script);
  whenBody(document, () => {
    const widget = init(options);
    document.dispatchEvent(new CustomEvent('ai-discovery:ready', { detail: widget }));
  });
}

autoStart();
