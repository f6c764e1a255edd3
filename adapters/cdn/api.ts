import { AIDiscoveryWidget, type WidgetOptions } from '../../src/index';
import { globalCartFunction } from './cart-function';

/**
 * Creates and mounts a widget.
 * @example AIDiscovery.init({ socketUrl: 'https://chat.example.com' });
 */
export function init(options: WidgetOptions = {}): AIDiscoveryWidget {
  return new AIDiscoveryWidget(options).mount();
}

/**
 * Reads widget options from a script tag's `data-*` attributes:
 * `data-socket-url`, `data-socket-path`, `data-api-url`, `data-protocol` (`v1` or `legacy`), `data-start-open`, `data-title`,
 * `data-greeting`, `data-platform`, `data-locale`, `data-currency`, `data-add-to-cart` (the name of
 * the page's cart function, such as `myStore.addToCart`), and for face analysis `data-face`,
 * `data-face-wasm-base-url`, `data-face-detector-model-url`, `data-face-landmarker-model-url`.
 * @example AIDiscovery.init(AIDiscovery.optionsFromScript(document.querySelector('#chat-config')));
 */
export function optionsFromScript(script: HTMLScriptElement): WidgetOptions {
  const d = script.dataset;
  const options: WidgetOptions = {};
  if (d.socketUrl) options.socketUrl = d.socketUrl;
  if (d.socketPath) options.socketPath = d.socketPath;
  if (d.apiUrl) options.apiUrl = d.apiUrl;
  // Checked by the widget's constructor, which says what is allowed.
  if (d.protocol) options.protocol = d.protocol as WidgetOptions['protocol'];
  if (d.startOpen !== undefined) options.startOpen = d.startOpen !== 'false';
  if (d.addToCart !== undefined) options.addToCart = globalCartFunction(d.addToCart, script.ownerDocument.defaultView ?? globalThis);
  if (d.face !== undefined && d.face !== 'false') {
    options.face = { enabled: true };
    if (d.faceWasmBaseUrl) options.face.wasmBaseUrl = d.faceWasmBaseUrl;
    if (d.faceDetectorModelUrl) options.face.detectorModelUrl = d.faceDetectorModelUrl;
    if (d.faceLandmarkerModelUrl) options.face.landmarkerModelUrl = d.faceLandmarkerModelUrl;
  }
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

/** A tag that names a chat server, Socket.IO or only HTTP, configures a widget to start by itself. */
export function startsItself(script: HTMLScriptElement): boolean {
  return script.dataset.socketUrl !== undefined || script.dataset.apiUrl !== undefined;
}

/** Runs `start` once the body exists: a script in `<head>` runs before there is anywhere to mount. */
export function whenBody(doc: Document, start: () => void): void {
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true });
}
