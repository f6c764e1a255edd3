/**
 * The launcher's stylesheet, the part of the widget's CSS every page pays for. It lives in the
 * shadow root, so page CSS cannot reach in, and the host resets every inherited property so page
 * fonts and colours do not leak in either (`:host` rules marked !important beat the page's own
 * !important rules on the host). Themes set the custom properties on the host,
 * `ai-discovery-widget { --aid-accent: #0a7c52 }`, or style the exposed parts,
 * `ai-discovery-widget::part(launcher) { … }`. The panel's rules come with the panel
 * (`panel/styles.ts`). Logical properties (inline-end) mirror the layout for right-to-left text.
 */
export const CORE_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: static !important;
  --aid-accent: #1f4fd1;
  --aid-accent-text: #ffffff;
  --aid-surface: #ffffff;
  --aid-text: #1b1d21;
  --aid-muted: #50565f;
  --aid-bubble: #eef1f6;
  --aid-border: #c9ced6;
  --aid-danger: #b42318;
  --aid-radius: 14px;
  --aid-z: 2147483000;
  --aid-offset: 20px;
  --aid-width: 380px;
  --aid-height: 600px;
  --aid-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
*, *::before, *::after { box-sizing: border-box; }
.root { font: 14px/1.45 var(--aid-font); color: var(--aid-text); }
button, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--aid-accent); outline-offset: 2px; }
.launcher {
  position: fixed; inset-inline-end: var(--aid-offset); bottom: calc(var(--aid-offset) + env(safe-area-inset-bottom, 0px)); z-index: var(--aid-z);
  width: 56px; height: 56px; border-radius: 50%; border: 0; padding: 0;
  background: var(--aid-accent); color: var(--aid-accent-text);
  box-shadow: 0 6px 20px rgba(0, 0, 0, .22); display: flex; align-items: center; justify-content: center;
}
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.launcher:focus-visible { outline-color: var(--aid-text); }
.badge {
  position: absolute; top: -4px; inset-inline-end: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: var(--aid-danger); color: #fff; font-size: 12px; line-height: 20px; text-align: center;
}
:host([data-position="left"]) .launcher, :host([data-position="left"]) .panel { inset-inline-end: auto; left: var(--aid-offset); }
:host([data-position="right"]) .launcher, :host([data-position="right"]) .panel { inset-inline-end: auto; right: var(--aid-offset); }
@media (max-width: 480px) { :host([data-position]) .panel { left: 0; right: 0; } }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
`;
