/**
 * The early panel's rules, added to the launcher's own (`ui/styles.ts`): a box where the widget's
 * panel will be, with the field at its foot where the widget's composer will be, so the hand-over
 * changes what is inside the box and nothing around it.
 */
export const EARLY_CSS = `
.early {
  position: fixed; inset-inline-end: var(--aid-offset); bottom: calc(var(--aid-offset) + 68px + env(safe-area-inset-bottom, 0px)); z-index: var(--aid-z);
  width: var(--aid-width); max-width: calc(100vw - 2 * var(--aid-offset)); height: var(--aid-height); max-height: calc(100vh - 120px);
  display: flex; flex-direction: column; justify-content: flex-end; gap: 8px; margin: 0; padding: 10px;
  background: var(--aid-surface); border: 1px solid var(--aid-border); border-radius: var(--aid-radius); box-shadow: 0 12px 40px rgba(0, 0, 0, .25);
}
.early[hidden] { display: none; }
.early p { align-self: flex-end; max-width: 85%; margin: 0; padding: 8px 12px; border-radius: 12px; background: var(--aid-accent); color: var(--aid-accent-text); overflow-wrap: anywhere; }
.early input { font-size: 16px; padding: 8px 12px; border: 1px solid var(--aid-border); border-radius: 20px; background: var(--aid-surface); }
:host([data-position="left"]) .early { inset-inline-end: auto; left: var(--aid-offset); }
:host([data-position="right"]) .early { inset-inline-end: auto; right: var(--aid-offset); }
@media (max-width: 480px) {
  .early { inset-inline-end: 0; bottom: 0; top: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; border: 0; }
  :host([data-position]) .early { left: 0; right: 0; }
}
`;
