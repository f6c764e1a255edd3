import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HandoffStrings } from '../i18n/strings.js';
import type { HandoffSnapshot } from '../types.js';
import { humanWait } from './handoff-strings.js';

/** What the bar reads and does: the hand-off session, seen from the UI. */
export interface HandoffBarProps {
  strings: HandoffStrings;
  language: string;
  /** Offer the "Talk to a person" button (the `handoffButton` option). */
  button: boolean;
  subscribe(listener: () => void): () => void;
  getSnapshot(): HandoffSnapshot;
  request(): void;
  leaveContact(email: string): boolean;
}

function fill(template: string, key: string, value: string): string {
  return template.split(`{${key}}`).join(value);
}

/**
 * The hand-off's line under the panel's header: before asking, whether a person is available and
 * the button; then the honest wait (or the email form outside opening hours); then who answers.
 * Names and texts from the server are only ever text nodes.
 */
export function HandoffBar(props: HandoffBarProps) {
  const { strings } = props;
  const [s, setSnapshot] = useState(props.getSnapshot);
  useLayoutEffect(() => props.subscribe(() => setSnapshot(props.getSnapshot())), [props]);
  const mode = s.state?.mode ?? 'assistant';

  if (mode === 'operator') {
    return (
      <div class="handoff" part="handoff" data-mode="operator" role="status">
        <span class="dot on" aria-hidden="true" />
        <span>{fill(strings.withOperator, 'name', s.state?.operator?.name ?? '')}</span>
      </div>
    );
  }
  if (mode === 'waiting') {
    const wait = s.state?.expectedWaitMs;
    const askContact = s.state?.askContact && !s.state.contactLeft && s.contact !== 'sent';
    return (
      <div class="handoff" part="handoff" data-mode="waiting">
        <p role="status">
          {askContact ? strings.askContact : strings.waiting}
          {!askContact && wait !== undefined ? ` ${fill(strings.expectedWait, 'wait', humanWait(wait, props.language, strings))}` : ''}
        </p>
        {askContact ? <ContactForm {...props} contact={s.contact} /> : null}
        {s.state?.contactLeft || s.contact === 'sent' ? <p role="status" part="handoff-contact-left">{strings.contactLeft}</p> : null}
      </div>
    );
  }
  const requestLine = { idle: '', queued: strings.requestQueued, sending: strings.requesting, failed: strings.requestFailed }[s.request];
  return (
    <div class="handoff" part="handoff" data-mode="assistant">
      {s.handedBack ? <p role="status">{strings.backToAssistant}</p> : null}
      {s.presence ? (
        <span class="presence" part="handoff-presence" data-available={String(s.presence.available)}>
          <span class={`dot${s.presence.available ? ' on' : ''}`} aria-hidden="true" />
          {s.presence.available ? strings.available : strings.unavailable}
        </span>
      ) : null}
      {props.button ? (
        <button type="button" part="handoff-button" disabled={s.request === 'sending' || s.request === 'queued'} onClick={() => props.request()}>
          {strings.talkToPerson}
        </button>
      ) : null}
      {requestLine ? <p role={s.request === 'failed' ? 'alert' : 'status'}>{requestLine}</p> : null}
    </div>
  );
}

function ContactForm(props: HandoffBarProps & { contact: HandoffSnapshot['contact'] }) {
  const { strings, contact } = props;
  const input = useRef<HTMLInputElement>(null);
  const busy = contact === 'queued' || contact === 'sending';
  const error = contact === 'invalid' ? strings.emailInvalid : contact === 'failed' ? strings.emailFailed : '';
  const submit = (event: Event) => {
    event.preventDefault();
    // Read at submit: what the field holds, even if the last keystroke has not re-rendered yet.
    props.leaveContact(input.current?.value ?? '');
  };
  return (
    <form class="handoff-contact" part="handoff-contact" onSubmit={submit} noValidate>
      <input
        ref={input}
        type="email"
        autocomplete="email"
        aria-label={strings.emailLabel}
        placeholder={strings.emailLabel}
        aria-invalid={contact === 'invalid' ? 'true' : undefined}
        aria-describedby={error ? 'aid-handoff-error' : undefined}
        disabled={busy}
      />
      <button type="submit" disabled={busy}>
        {busy ? strings.emailSending : strings.emailSend}
      </button>
      {error ? (
        <p id="aid-handoff-error" class="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export const HANDOFF_CSS = `
.handoff { padding: 8px 14px; font-size: 13px; border-bottom: 1px solid var(--aid-border); display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; }
.handoff p { margin: 0; flex-basis: 100%; }
.handoff .presence { display: inline-flex; align-items: center; gap: 6px; color: var(--aid-muted); flex: 1; }
.handoff .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--aid-muted); display: inline-block; }
.handoff .dot.on { background: #1d8a4e; }
.handoff button { border: 1px solid var(--aid-accent); color: var(--aid-accent); background: transparent; border-radius: 999px; padding: 4px 12px; font: inherit; }
.handoff button[disabled] { opacity: .6; }
.handoff-contact { display: flex; flex-wrap: wrap; gap: 6px; flex-basis: 100%; }
.handoff-contact input { flex: 1; min-width: 0; padding: 6px 8px; border: 1px solid var(--aid-border); border-radius: 6px; font: inherit; }
.handoff-contact .error { color: #8f1c13; }
`;
