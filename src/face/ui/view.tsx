import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FaceStrings } from '../../ui/i18n/strings.js';
import { WASM_DIRECTIVE, type FaceErrorCode } from '../errors.js';
import type { FaceFlow, FlowSnapshot } from '../flow.js';
import type { QualityIssue } from '../analysis/index.js';
import { fill } from './strings.js';

const HINT: Record<QualityIssue | 'ready', keyof FaceStrings> = {
  'no-face': 'noFace',
  'several-faces': 'severalFaces',
  'too-far': 'tooFar',
  'too-close': 'tooClose',
  'off-centre': 'offCentre',
  'too-dark': 'tooDark',
  'too-bright': 'tooBright',
  ready: 'ready',
};

const FAILURE: Record<FaceErrorCode, keyof FaceStrings> = {
  'camera-denied': 'cameraDenied',
  'no-camera': 'noCamera',
  'camera-busy': 'cameraBusy',
  'no-webassembly': 'noWebAssembly',
  csp: 'cspBlocked',
  runtime: 'runtimeFailed',
  model: 'modelFailed',
  'not-configured': 'notConfigured',
  'bad-photo': 'badPhoto',
  offline: 'offline',
  send: 'sendFailed',
  closed: 'back',
};

/** Failures no retry can fix on this page: only the way back to the chat is offered. */
const FINAL: readonly FaceErrorCode[] = ['no-webassembly', 'csp', 'not-configured'];

function useFlow(flow: FaceFlow): FlowSnapshot {
  const [snapshot, setSnapshot] = useState(flow.getSnapshot);
  useLayoutEffect(() => {
    setSnapshot(flow.getSnapshot());
    return flow.subscribe(() => setSnapshot(flow.getSnapshot()));
  }, [flow]);
  return snapshot;
}

/**
 * The camera and photo steps. Focus goes to the new step's first action (or its message) when the
 * step changes; live hints are read out politely, and only when they change, which the flow
 * already keeps steady. The preview is mirrored, as shoppers expect of a front camera.
 */
export function FaceView({ flow, strings, onExit }: { flow: FaceFlow; strings: FaceStrings; onExit: () => void }) {
  const s = useFlow(flow);
  const stage = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<HTMLElement | null>(null);
  const focusMe = (el: HTMLElement | null) => {
    focusTarget.current = el;
  };
  const file = useRef<HTMLInputElement>(null);

  // The preview element belongs to the camera; the view only lends it a place.
  const video = flow.video;
  useLayoutEffect(() => {
    if (!video || !stage.current) return;
    stage.current.prepend(video);
    return () => video.remove();
  }, [video, s.step]);

  useLayoutEffect(() => {
    focusTarget.current?.focus();
  }, [s.step]);

  const pickPhoto = () => file.current?.click();
  const onFile = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const picked = input.files?.[0];
    input.value = '';
    if (picked) void flow.usePhoto(picked);
  };
  const text = (key: keyof FaceStrings) => strings[key] as string;
  const camera = s.source === 'camera';
  const showStage = camera && (s.step === 'starting' || s.step === 'live');
  const ready = s.step === 'live' && s.guidance === 'ready';

  let status = '';
  if (s.step === 'starting') status = strings.startingCamera;
  else if (s.step === 'live') status = s.detectorReady && s.guidance ? text(HINT[s.guidance]) : strings.preparing;
  else if (s.step === 'analysing') status = s.detectorReady || !camera ? strings.analysing : strings.preparing;
  else if (s.step === 'sending') status = strings.sending;

  const busy = s.step === 'starting' || s.step === 'analysing' || s.step === 'sending';
  // While nothing else can be done, focus waits on the way back (the consent buttons are gone).
  const back = (
    <button type="button" part="face-back" ref={busy ? focusMe : undefined} onClick={onExit}>
      {strings.back}
    </button>
  );
  const photoButton = (label: string, primary = false) => (
    <button type="button" class={primary ? 'primary' : undefined} part="face-photo" onClick={pickPhoto}>
      {label}
    </button>
  );

  let message: string | undefined;
  let actions;
  if (busy) {
    actions = back;
  } else if (s.step === 'live') {
    actions = (
      <>
        <button
          type="button"
          class="primary"
          part="face-capture"
          ref={focusMe}
          aria-disabled={ready ? undefined : 'true'}
          aria-describedby="aid-face-status"
          onClick={() => void flow.capture()}
        >
          {strings.capture}
        </button>
        {photoButton(strings.usePhoto)}
        {back}
      </>
    );
  } else if (s.step === 'done') {
    actions = (
      <button type="button" class="primary" part="face-done" ref={focusMe} onClick={onExit}>
        {strings.showSuggestions}
      </button>
    );
  } else if (s.step === 'inconclusive') {
    const poorLight = s.issue === 'too-dark' || s.issue === 'too-bright';
    message = camera ? `${strings.inconclusive}${s.issue ? ` ${text(HINT[s.issue])}` : ''}` : poorLight ? strings.photoPoorLight : strings.photoUnclear;
    actions = (
      <>
        {camera ? (
          <button type="button" class="primary" part="face-retry" onClick={() => void flow.useCamera()}>
            {strings.tryAgain}
          </button>
        ) : (
          photoButton(strings.tryAgain, true)
        )}
        {camera ? photoButton(strings.usePhoto) : <CameraButton flow={flow} label={strings.useCamera} />}
        {back}
      </>
    );
  } else {
    const error = s.error ?? 'runtime';
    message = fill(text(FAILURE[error]), { directive: WASM_DIRECTIVE });
    const cameraProblem = error === 'camera-denied' || error === 'no-camera' || error === 'camera-busy';
    actions = (
      <>
        {FINAL.includes(error) ? null : error === 'bad-photo' ? (
          photoButton(strings.tryAgain, true)
        ) : (
          <button type="button" class="primary" part="face-retry" onClick={() => flow.retry()}>
            {strings.tryAgain}
          </button>
        )}
        {cameraProblem ? photoButton(strings.usePhoto) : null}
        {error === 'bad-photo' ? <CameraButton flow={flow} label={strings.useCamera} /> : null}
        {back}
      </>
    );
  }

  return (
    <div class="face-flow" part="face-flow" data-step={s.step}>
      {showStage ? (
        <div class={`face-stage${ready ? ' ok' : ''}`} ref={stage} role="img" aria-label={strings.cameraLabel}>
          <div class="face-oval" aria-hidden="true" />
        </div>
      ) : null}
      {s.result ? <Result result={s.result} strings={strings} /> : null}
      {message ? (
        <p class="face-message" part="face-message" role="alert" tabIndex={-1} ref={focusMe}>
          {message}
        </p>
      ) : null}
      <p id="aid-face-status" class="face-status" part="face-status" role="status" aria-live="polite">
        {status}
      </p>
      {s.step === 'done' ? <p class="face-note">{strings.sent}</p> : null}
      <div class="face-actions">{actions}</div>
      <input ref={file} type="file" accept="image/*" class="sr-only" tabIndex={-1} aria-hidden="true" onChange={onFile} />
    </div>
  );
}

function CameraButton({ flow, label }: { flow: FaceFlow; label: string }) {
  return (
    <button type="button" part="face-camera" onClick={() => void flow.useCamera()}>
      {label}
    </button>
  );
}

/** Everything that was derived and sent, in words: nothing is hidden from the shopper. */
function Result({ result, strings }: { result: NonNullable<FlowSnapshot['result']>; strings: FaceStrings }) {
  const { attributes } = result;
  const tone = attributes.skinTone;
  const shape = attributes.faceShape;
  return (
    <section class="face-result" part="face-result" aria-label={strings.resultTitle}>
      <h4>{strings.resultTitle}</h4>
      <dl>
        {shape || result.shapeConfigured ? (
          <>
            <dt>{strings.faceShape}</dt>
            <dd data-face-shape={shape}>{shape ? strings.shapeNames[shape] : strings.notAnalysed}</dd>
          </>
        ) : null}
        <dt>{strings.skinTone}</dt>
        <dd data-skin-tone={tone?.band}>{tone ? `${strings.toneNames[tone.band]} · ${fill(strings.monk, { n: tone.monk })}` : strings.notAnalysed}</dd>
      </dl>
      {result.toneDropped ? <p class="face-note">{strings.lowLight}</p> : null}
    </section>
  );
}
