/**
 * The camera step's stylesheet, adopted into the widget's shadow root with the face chunk and
 * removed with it. Buttons and the step's frame come from the panel's `.face*` rules; colours
 * from the widget's custom properties. No animation, so reduced motion needs nothing special.
 */
export const FACE_CSS = `
.face-flow { display: flex; flex-direction: column; gap: 10px; }
.face-stage { position: relative; align-self: center; width: 100%; max-width: 320px; aspect-ratio: 4 / 3; border-radius: 12px; overflow: hidden; background: #1b1d21; }
.face-video { width: 100%; height: 100%; object-fit: cover; transform: scaleX(-1); display: block; }
.face-oval {
  position: absolute; left: 50%; top: 50%; width: 44%; height: 74%; transform: translate(-50%, -50%);
  border: 3px dashed rgba(255, 255, 255, .85); border-radius: 50%; box-shadow: 0 0 0 999px rgba(0, 0, 0, .25);
}
.face-stage.ok .face-oval { border-style: solid; border-color: #3ad07a; }
.face-status { margin: 0; font-weight: 600; }
/* Empty, the live region stays in the page (so its next words are read) but takes no room. */
.face-status:empty { position: absolute; width: 1px; height: 1px; overflow: hidden; }
.face-note { margin: 0; font-size: 13px; color: var(--aid-muted); }
.face-result { border: 1px solid var(--aid-border); border-radius: 10px; padding: 8px 12px; }
.face-result h4 { margin: 0 0 6px; font-size: 14px; }
.face-result dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; }
.face-result dt { color: var(--aid-muted); }
.face-result dd { margin: 0; font-weight: 600; }
.face-actions [aria-disabled="true"] { background: #e4e7ec; color: #50565f; cursor: not-allowed; }
@media (forced-colors: active) {
  .face-stage.ok .face-oval { border-color: Highlight; }
}
`;
