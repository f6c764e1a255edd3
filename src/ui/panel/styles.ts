/** The panel's stylesheet, loaded with the panel. Custom properties are declared in `ui/styles.ts`. */
export const PANEL_CSS = `
.panel {
  position: fixed; inset-inline-end: var(--aid-offset); bottom: calc(var(--aid-offset) + 68px + env(safe-area-inset-bottom, 0px)); z-index: var(--aid-z);
  width: var(--aid-width); max-width: calc(100vw - 2 * var(--aid-offset)); height: var(--aid-height); max-height: calc(100vh - 120px);
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--aid-surface); border: 1px solid var(--aid-border); border-radius: var(--aid-radius);
  box-shadow: 0 12px 40px rgba(0, 0, 0, .25);
  animation: aid-rise .18s ease-out;
}
.panel[hidden] { display: none; }
@keyframes aid-rise { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
@keyframes aid-fade { from { opacity: 0; } to { opacity: 1; } }
@keyframes aid-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
.header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--aid-accent); color: var(--aid-accent-text); }
.header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.header p { margin: 0; font-size: 12px; }
.header .titles { flex: 1; min-width: 0; }
.header :focus-visible { outline-color: var(--aid-accent-text); }
.icon-button { border: 0; background: transparent; color: inherit; width: 36px; height: 36px; border-radius: 8px; display: flex; align-items: center; justify-content: center; }
.icon-button svg { width: 20px; height: 20px; stroke: currentColor; stroke-width: 2.2; stroke-linecap: round; fill: none; }
.status { padding: 6px 14px; font-size: 13px; background: #fff4d6; color: #4d3700; display: flex; gap: 8px; align-items: center; justify-content: space-between; }
.status.failed { background: #fde8e6; color: #8f1c13; }
.status button { border: 1px solid currentColor; background: transparent; border-radius: 6px; padding: 2px 10px; }
.log-wrap { position: relative; flex: 1; min-height: 0; display: flex; }
.log { flex: 1; overflow-y: auto; padding: 12px 14px; display: flex; flex-direction: column; gap: 10px; overscroll-behavior: contain; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; }
.msg p { margin: 0 0 6px; }
.msg p:last-of-type { margin-bottom: 0; }
.msg ul, .msg ol { margin: 4px 0 6px; padding-inline-start: 20px; }
.msg code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background: rgba(0, 0, 0, .07); padding: 0 4px; border-radius: 4px; }
.msg a { color: inherit; text-decoration: underline; }
.enter { animation: aid-fade .2s ease-out; }
.msg.shopper { align-self: flex-end; background: var(--aid-accent); color: var(--aid-accent-text); border-end-end-radius: 4px; white-space: pre-wrap; }
.msg.assistant { align-self: flex-start; background: var(--aid-bubble); border-end-start-radius: 4px; }
.msg.error { background: #fde8e6; color: #8f1c13; }
.msg .detail { font-size: 12px; }
.meta { display: block; font-size: 11px; margin-top: 2px; text-align: end; white-space: normal; }
.meta button { border: 0; background: transparent; text-decoration: underline; padding: 0; margin-inline-start: 6px; color: inherit; }
.msg .author { display: block; font-size: 12px; font-weight: 600; color: var(--aid-muted); margin-bottom: 2px; }
.typing .who { margin-inline-start: 8px; font-size: 12px; color: var(--aid-muted); }
.typing { align-self: flex-start; padding: 10px 14px; background: var(--aid-bubble); border-radius: 12px; }
.dots { display: inline-flex; gap: 4px; }
.dots i { width: 7px; height: 7px; border-radius: 50%; background: var(--aid-muted); animation: aid-blink 1.2s infinite; }
.dots i:nth-child(2) { animation-delay: .2s; }
.dots i:nth-child(3) { animation-delay: .4s; }
.pill {
  position: absolute; bottom: 10px; left: 50%; transform: translateX(-50%); border: 0; border-radius: 16px; padding: 6px 14px;
  background: var(--aid-text); color: var(--aid-surface); font-size: 13px; box-shadow: 0 2px 8px rgba(0, 0, 0, .25);
}
.carousel { position: relative; align-self: stretch; }
.products { display: flex; gap: 10px; overflow-x: auto; padding: 2px 2px 6px; margin: 0; list-style: none; scroll-snap-type: x proximity; }
.products li { flex: 0 0 160px; scroll-snap-align: start; display: flex; }
.nav {
  position: absolute; top: 40px; z-index: 1; width: 30px; height: 30px; border-radius: 50%; border: 1px solid var(--aid-border);
  background: var(--aid-surface); color: var(--aid-text); font-size: 20px; line-height: 1; box-shadow: 0 1px 4px rgba(0, 0, 0, .2);
}
.nav.prev { inset-inline-start: -6px; }
.nav.next { inset-inline-end: -6px; }
[dir="rtl"] .nav { transform: scaleX(-1); }
.card { flex: 1; border: 1px solid var(--aid-border); border-radius: 10px; overflow: hidden; background: var(--aid-surface); display: flex; flex-direction: column; }
.card img { width: 100%; height: 110px; object-fit: contain; background: #f6f7f9; display: block; }
.card .body { padding: 8px; display: flex; flex-direction: column; gap: 4px; flex: 1; }
.card a { color: var(--aid-text); font-weight: 600; text-decoration: none; font-size: 13px; }
.card a:hover { text-decoration: underline; }
.price { color: var(--aid-muted); font-size: 13px; }
.stock { color: #8f1c13; font-size: 12px; }
.card .add { margin-top: auto; border: 0; border-radius: 8px; padding: 6px 8px; background: var(--aid-accent); color: var(--aid-accent-text); font-size: 13px; }
.card a.add { text-align: center; }
.card .cart-note { font-size: 12px; color: #b42318; }
.card .cart-note:empty { display: none; }
.card .add:disabled { background: #e4e7ec; color: #50565f; cursor: not-allowed; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { border: 1px solid var(--aid-accent); color: var(--aid-accent); background: var(--aid-surface); border-radius: 16px; padding: 4px 12px; font-size: 13px; text-decoration: none; }
.block-image { max-width: 100%; border-radius: 10px; }
.composer { display: flex; gap: 8px; padding: 10px; padding-bottom: calc(10px + env(safe-area-inset-bottom, 0px)); border-top: 1px solid var(--aid-border); }
.composer input { flex: 1; min-width: 0; font-size: 16px; padding: 8px 12px; border: 1px solid var(--aid-border); border-radius: 20px; background: var(--aid-surface); }
.composer input::placeholder { color: #6b7280; }
.composer button { border: 0; border-radius: 20px; padding: 0 16px; background: var(--aid-accent); color: var(--aid-accent-text); }
.composer button:disabled { background: #e4e7ec; color: #50565f; cursor: default; }
.composer .stop { background: var(--aid-surface); color: var(--aid-text); border: 1px solid var(--aid-border); }
.face-entry { border: 1px solid currentColor; background: transparent; color: inherit; border-radius: 16px; padding: 4px 10px; font-size: 13px; white-space: nowrap; }
.face { flex: 1; min-height: 0; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; }
.face h3 { margin: 0; font-size: 16px; }
.face p { margin: 0; }
.face-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.face-actions button { border: 1px solid var(--aid-border); border-radius: 20px; padding: 8px 14px; background: var(--aid-surface); color: var(--aid-text); }
.face-actions .primary { border-color: var(--aid-accent); background: var(--aid-accent); color: var(--aid-accent-text); }
.face-message { padding: 8px 12px; border-radius: 10px; background: #fde8e6; color: #8f1c13; }
@media (max-width: 480px) {
  .panel { inset-inline-end: 0; bottom: 0; top: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; border: 0; }
  /* The full-screen panel has its own close button; a floating launcher would cover the composer. */
  .launcher[aria-expanded="true"] { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
`;
