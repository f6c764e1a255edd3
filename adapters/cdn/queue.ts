/**
 * What the async loader (or a page's one-line stub) leaves in `window.AIDiscovery` until the
 * bundle arrives: a function that records its calls. The bundle reads it once and replaces it.
 *
 * The one-line stub a page may run before the loader has loaded:
 * `window.AIDiscovery = window.AIDiscovery || function () { (AIDiscovery.q = AIDiscovery.q || []).push(arguments) };`
 */
export interface CommandQueue {
  (...command: unknown[]): void;
  /** Calls made so far, in order; `arguments` objects from the stub, arrays from the loader. */
  q: ArrayLike<unknown>[];
  /** The loader's own script tag, whose `data-*` attributes are the options (`null` if unknown). Set only by the loader. */
  s?: HTMLScriptElement | null;
  /** Set once the loader has injected the bundle, so a second trigger does not inject it again. */
  l?: 1;
}
