import type { VNode } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FaceFeature, FaceStart } from '../../types.js';
import type { PanelUi } from '../panel-ui.js';

/**
 * "Find my fit" inside the panel: the consent step, in plain words, and then the face chunk's own
 * view in `slot`. Nothing of face analysis is downloaded until the shopper picks the camera or a
 * photo here; "Not now" downloads nothing at all. Escape goes back to the chat.
 */
export function FaceStep({ ui, face, onExit }: { ui: PanelUi; face: FaceFeature; onExit: () => void }) {
  const { strings } = ui;
  const [start, setStart] = useState<FaceStart | undefined>(undefined);
  const [state, setState] = useState<'consent' | 'loading' | 'failed' | 'open'>('consent');
  const [attempt, setAttempt] = useState(0);
  const slot = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const retry = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => heading.current?.focus(), []);
  useLayoutEffect(() => {
    if (state === 'failed') retry.current?.focus();
  }, [state]);

  useLayoutEffect(() => {
    const el = slot.current;
    if (!start || !el) return;
    let live = true;
    let unmount: (() => void) | undefined;
    setState('loading');
    // Through a promise, so a loader that throws instead of rejecting is a failure shown, not a hang.
    Promise.resolve().then(() => face.load()).then(
      (runtime) => {
        if (!live) return;
        setState('open');
        unmount = runtime.mount(el, el.getRootNode() as ShadowRoot, { start, language: ui.language, onExit });
      },
      () => live && setState('failed'),
    );
    return () => {
      live = false;
      unmount?.();
    };
  }, [start, attempt]);

  const onFile = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const picked = input.files?.[0];
    input.value = '';
    if (picked) setStart({ kind: 'photo', file: picked });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onExit();
  };

  return (
    <div class="face" part="face" onKeyDown={onKeyDown}>
      <h3 ref={heading} tabIndex={-1}>
        {strings.faceConsentTitle}
      </h3>
      {state === 'consent' ? (
        <>
          <p>{strings.faceConsentText}</p>
          <p>{strings.faceConsentPrivacy}</p>
          <div class="face-actions">
            <button type="button" class="primary" part="face-consent-camera" onClick={() => setStart({ kind: 'camera' })}>
              {strings.faceUseCamera}
            </button>
            <button type="button" part="face-consent-photo" onClick={() => file.current?.click()}>
              {strings.faceUploadPhoto}
            </button>
            <button type="button" part="face-not-now" onClick={onExit}>
              {strings.faceNotNow}
            </button>
          </div>
          <input ref={file} type="file" accept="image/*" class="sr-only" tabIndex={-1} aria-hidden="true" onChange={onFile} />
        </>
      ) : null}
      {state === 'loading' ? <p role="status">{strings.faceLoading}</p> : null}
      {state === 'failed' ? (
        <>
          <p class="face-message" role="alert">
            {strings.faceLoadFailed}
          </p>
          <div class="face-actions">
            <button type="button" class="primary" ref={retry} onClick={() => setAttempt(attempt + 1)}>
              {strings.retryConnection}
            </button>
            <button type="button" onClick={onExit}>
              {strings.faceNotNow}
            </button>
          </div>
        </>
      ) : null}
      <div ref={slot} />
    </div>
  );
}

/**
 * The panel's side of "find my fit": the header button (when the merchant enabled face analysis)
 * and, once pressed, the step that replaces the conversation until the shopper goes back. Closing
 * the panel ends the step (and so stops any camera); focus returns to the button on the way back.
 */
export function useFaceEntry(ui: PanelUi, isOpen: boolean): { entry: VNode | null; step: VNode | null } {
  const [active, setActive] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wasActive = useRef(false);
  useLayoutEffect(() => {
    if (!isOpen) setActive(false);
  }, [isOpen]);
  useLayoutEffect(() => {
    if (wasActive.current && !active && isOpen) button.current?.focus();
    wasActive.current = active;
  }, [active]);
  const face = ui.face;
  if (!face) return { entry: null, step: null };
  return {
    entry: (
      <button type="button" class="face-entry" part="face-entry" ref={button} aria-expanded={active} onClick={() => setActive(true)}>
        {ui.strings.findMyFit}
      </button>
    ),
    step: active && isOpen ? <FaceStep ui={ui} face={face} onExit={() => setActive(false)} /> : null,
  };
}
