import { AIDiscoveryWidget, WidgetError, type WidgetOptions } from '../../src/index';

export { AIDiscoveryWidget, WidgetError };
export type { WidgetOptions };

/**
 * Creates and mounts a widget.
 * @example AIDiscovery.init({ socketUrl: 'https://chat.example.com' });
 */
export function init(options: WidgetOptions = {}): AIDiscoveryWidget {
  return new AIDiscoveryWidget(options).mount();
}

/**
 * Reads widget options from a script tag's `data-*` attributes:
 * `data-socket-url`, `data-socket-path`, `data-api-url`, `data-start-open`, `data-title`,
 * `data-greeting`, `data-platform`, `data-locale`, `data-currency`.
 */
export function optionsFromScript(script: HTMLScriptElement): WidgetOptions {
  const d = script.dataset;
  const options: WidgetOptions = {};
  if (d.socketUrl) options.socketUrl = d.socketUrl;
  if (d.socketPath) options.socketPath = d.socketPath;
  if (d.apiUrl) options.apiUrl = d.apiUrl;
  if (d.startOpen !== undefined) options.startOpen = d.startOpen !== 'false';
  const strings: NonNullable<WidgetOptions['strings']> = {};
  if (d.title) strings.title = d.title;
  if (d.greeting) strings.greeting = d.greeting;
  if (Object.keys(strings).length > 0) options.strings = strings;
  const context: NonNullable<WidgetOptions['context']> = {};
  if (d.platform) context.platform = d.platform;
  if (d.locale) context.locale = d.locale;
  if (d.currency) context.currency = d.currency;
  if (Object.keys(context).length > 0) options.context = context;
  return options;
}

/**
 * A script tag that carries `data-socket-url` starts the widget by itself once the body exists,
 * and announces it with an `ai-discovery:ready` event whose `detail` is the widget.
 */
function autoStart(): void {
  if (typeof document === 'undefined') return;
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || script.dataset.socketUrl === undefined) return;
  const options = optionsFromScript(script);
  const start = () => {
    const widget = init(options);
    document.dispatchEvent(new CustomEvent('ai-discovery:ready', { detail: widget }));
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

autoStart();
