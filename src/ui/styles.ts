/**
 * The widget's whole stylesheet. It lives in the shadow root, so page CSS cannot reach in; the
 * host resets every inherited property so page fonts and colours do not leak in either. Themes
 * change the custom properties on the host (`ai-discovery-widget { --aid-accent: … }`).
 */
export const WIDGET_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: static !important;
  --aid-accent: #1f4fd1;
  --aid-accent-text: #ffffff;
  --aid-surface: #ffffff;
  --aid-text: #1b1d21;
  --aid-muted: #5b616e;
  --aid-bubble: #eef1f6;
  --aid-border: #d5d9e0;
  --aid-danger: #b42318;
  --aid-radius: 14px;
  --aid-z: 2147483000;
  --aid-offset: 20px;
  --aid-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
*, *::before, *::after { box-sizing: border-box; }
.root { font: 14px/1.45 var(--aid-font); color: var(--aid-text); }
button, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--aid-accent); outline-offset: 2px; }
.launcher {
  position: fixed; right: var(--aid-offset); bottom: var(--aid-offset); z-index: var(--aid-z);
  width: 56px; height: 56px; border-radius: 50%; border: 0; padding: 0;
  background: var(--aid-accent); color: var(--aid-accent-text);
  box-shadow: 0 6px 20px rgba(0, 0, 0, .22); display: flex; align-items: center; justify-content: center;
}
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: var(--aid-danger); color: #fff; font-size: 12px; line-height: 20px; text-align: center;
}
.panel {
  position: fixed; right: var(--aid-offset); bottom: calc(var(--aid-offset) + 68px); z-index: var(--aid-z);
  width: 380px; max-width: calc(100vw - 2 * var(--aid-offset)); height: 600px; max-height: calc(100vh - 120px);
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--aid-surface); border: 1px solid var(--aid-border); border-radius: var(--aid-radius);
  box-shadow: 0 12px 40px rgba(0, 0, 0, .25);
}
.panel[hidden] { display: none; }
.header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--aid-accent); color: var(--aid-accent-text); }
.header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.header p { margin: 0; font-size: 12px; opacity: .9; }
.header .titles { flex: 1; min-width: 0; }
.icon-button { border: 0; background: transparent; color: inherit; width: 32px; height: 32px; border-radius: 8px; font-size: 20px; line-height: 1; }
.status { padding: 6px 14px; font-size: 13px; background: #fff4d6; color: #5c4200; display: flex; gap: 8px; align-items: center; }
.status.failed { background: #fde8e6; color: var(--aid-danger); }
.status button { border: 1px solid currentColor; background: transparent; border-radius: 6px; padding: 2px 8px; }
.log { flex: 1; overflow-y: auto; padding: 12px 14px; display: flex; flex-direction: column; gap: 10px; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.shopper { align-self: flex-end; background: var(--aid-accent); color: var(--aid-accent-text); border-bottom-right-radius: 4px; }
.msg.assistant { align-self: flex-start; background: var(--aid-bubble); border-bottom-left-radius: 4px; }
.msg.error { background: #fde8e6; color: var(--aid-danger); }
.delivery { display: block; font-size: 11px; opacity: .85; margin-top: 2px; text-align: end; }
.delivery button { border: 0; background: transparent; text-decoration: underline; padding: 0 0 0 6px; color: inherit; }
.typing { align-self: flex-start; color: var(--aid-muted); font-size: 13px; }
.products { display: flex; gap: 10px; overflow-x: auto; padding: 2px 2px 6px; align-self: stretch; }
.card { flex: 0 0 160px; border: 1px solid var(--aid-border); border-radius: 10px; overflow: hidden; background: var(--aid-surface); display: flex; flex-direction: column; }
.card img { width: 100%; height: 110px; object-fit: contain; background: #f6f7f9; display: block; }
.card .body { padding: 8px; display: flex; flex-direction: column; gap: 4px; flex: 1; }
.card a { color: var(--aid-text); font-weight: 600; text-decoration: none; font-size: 13px; }
.card a:hover { text-decoration: underline; }
.price { color: var(--aid-muted); font-size: 13px; }
.card .add { margin-top: auto; border: 0; border-radius: 8px; padding: 6px 8px; background: var(--aid-accent); color: var(--aid-accent-text); font-size: 13px; }
.card .add:disabled { background: var(--aid-border); color: var(--aid-muted); cursor: not-allowed; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { border: 1px solid var(--aid-accent); color: var(--aid-accent); background: var(--aid-surface); border-radius: 16px; padding: 4px 12px; font-size: 13px; text-decoration: none; }
.block-image { max-width: 100%; border-radius: 10px; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid var(--aid-border); }
.composer input { flex: 1; min-width: 0; font-size: 16px; padding: 8px 12px; border: 1px solid var(--aid-border); border-radius: 20px; background: var(--aid-surface); }
.composer button { border: 0; border-radius: 20px; padding: 0 16px; background: var(--aid-accent); color: var(--aid-accent-text); }
.composer button:disabled { opacity: .5; cursor: default; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; }
  /* The full-screen panel has its own close button; a floating launcher would cover the composer. */
  .launcher[aria-expanded="true"] { display: none; }
}
`;
