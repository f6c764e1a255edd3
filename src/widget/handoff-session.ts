import { parseHandoffAck, parseHandoffState, parseShopperPresence, parseOperatorTyping } from '../protocol/handoff-readers.js';
import { PERMANENT_ERROR_CODES, parseSimpleAck, type ErrorCode } from '../protocol/index.js';
import { Disposables } from '../util/disposables.js';
import { WidgetError } from '../util/errors.js';
import type { HandoffState } from '../protocol/handoff.js';
import type { HandoffSnapshot } from '../ui/types.js';
import type { HandoffHost } from './handoff-host.js';

/** Attempts for a transient failure before the shopper is asked to try again. */
const MAX_ATTEMPTS = 4;
const RETRY_MS = 2000;
/** Loose on purpose: the server validates for real; this catches typos before a round trip. */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The shopper's side of the hand-off: reads the server's events, asks for a person (idempotent by
 * one id kept until the server answers, sent again on every reconnection while it waits), leaves an
 * email outside opening hours. An external store for the panel's hand-off part.
 */
export class HandoffSession {
  private snapshot: HandoffSnapshot = { request: 'idle', contact: 'idle', handedBack: false };
  private readonly listeners = new Set<() => void>();
  private readonly subs = new Disposables();
  /** The request's id, made once and reused on retries until the server answered it. */
  private requestId: string | undefined;
  private email: string | undefined;
  private attempts = { request: 0, contact: 0 };

  constructor(private readonly host: HandoffHost) {}

  /** Listens to reconnections and to operators typing; the undo is `destroy()`. */
  start(): void {
    const { host, subs } = this;
    subs.add(host.onConnect(() => this.flush()));
    const socket = host.socket();
    if (!socket) return;
    const onTyping = (raw: unknown) => {
      const typing = parseOperatorTyping(raw);
      if (!typing.ok || typing.value.sessionId !== host.sessionId()) return;
      this.set({ typist: typing.value.typing ? typing.value.operator : undefined });
    };
    socket.on('agent-typing', onTyping);
    subs.add(() => socket.off('agent-typing', onTyping));
    // An answer ends the typing, as it does for the assistant.
    subs.add(host.on('response', () => this.snapshot.typist !== undefined && this.set({ typist: undefined })));
  }

  get current(): HandoffSnapshot {
    return this.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  feed(event: 'presence' | 'handoff-state', raw: unknown): void {
    if (event === 'presence') {
      const presence = parseShopperPresence(raw);
      if (!presence.ok) return this.malformed(event, presence.error.message);
      this.set({ presence: presence.value });
      this.host.emit('presence', presence.value);
    } else {
      const state = parseHandoffState(raw);
      if (!state.ok) return this.malformed(event, state.error.message);
      if (state.value.sessionId === this.host.sessionId()) this.apply(state.value);
    }
  }

  /** "Talk to a person": once, whatever the network does, until the server has answered. */
  request(): void {
    const mode = this.snapshot.state?.mode;
    if (this.requestId || mode === 'waiting' || mode === 'operator') return;
    this.requestId = this.host.env.uuid();
    this.attempts.request = 0;
    this.set({ request: 'queued', handedBack: false });
    this.flush();
  }

  /** Returns false (and shows why) when `email` is not an address; otherwise it is sent, or queued. */
  leaveContact(email: string): boolean {
    const address = email.trim();
    if (address.length > 254 || !EMAIL.test(address)) {
      this.set({ contact: 'invalid' });
      return false;
    }
    this.email = address;
    this.attempts.contact = 0;
    this.set({ contact: 'queued' });
    this.flush();
    return true;
  }

  destroy(): void {
    this.subs.dispose();
    this.listeners.clear();
  }

  private apply(state: HandoffState): void {
    // The same state comes twice when asked for (the ack, and the event every tab gets): once is news.
    if (JSON.stringify(state) === JSON.stringify(this.snapshot.state)) return;
    const before = this.snapshot.state?.mode;
    const handedBack = state.mode === 'assistant' && (before === 'waiting' || before === 'operator');
    this.set({
      state,
      typist: state.mode === 'operator' ? this.snapshot.typist : undefined,
      handedBack: handedBack || (state.mode === 'assistant' && this.snapshot.handedBack),
      ...(state.contactLeft && { contact: 'sent' as const }),
    });
    this.host.emit('handoff', state);
  }

  /** Sends whatever waits, when connected; otherwise the next connection does. */
  private flush(): void {
    const socket = this.host.socket();
    if (!socket?.connected) return;
    const { host } = this;
    const sessionId = host.sessionId();
    const id = this.requestId;
    if (id && this.snapshot.request !== 'sending') {
      this.set({ request: 'sending' });
      socket.timeout(host.ackTimeoutMs).emitWithAck('handoff-request', { id, sessionId }).then(
        (raw: unknown) => {
          const ack = parseHandoffAck(raw);
          if (!ack.ok) return this.failed('request', 'internal', ack.error.message);
          if (!ack.value.ok) return this.failed('request', ack.value.error.code, ack.value.error.message, ack.value.error.retryAfterMs);
          this.requestId = undefined;
          this.set({ request: 'idle' });
          if (ack.value.state.sessionId === sessionId) this.apply(ack.value.state);
        },
        () => this.failed('request', 'unavailable', 'No answer from the server'),
      );
    }
    const email = this.email;
    if (email && this.snapshot.contact !== 'sending') {
      this.set({ contact: 'sending' });
      socket.timeout(host.ackTimeoutMs).emitWithAck('handoff-contact', { sessionId, email }).then(
        (raw: unknown) => {
          const ack = parseSimpleAck(raw);
          if (!ack.ok) return this.failed('contact', 'internal', ack.error.message);
          if (!ack.value.ok) return this.failed('contact', ack.value.error.code, ack.value.error.message, ack.value.error.retryAfterMs);
          this.email = undefined;
          this.set({ contact: 'sent' });
        },
        () => this.failed('contact', 'unavailable', 'No answer from the server'),
      );
    }
  }

  /** A permanent refusal ends it (shown, and an `error` event); anything else is tried again. */
  private failed(what: 'request' | 'contact', code: ErrorCode, message: string, retryAfterMs?: number): void {
    const { host } = this;
    const permanent = (PERMANENT_ERROR_CODES as readonly string[]).includes(code);
    if (permanent || ++this.attempts[what] >= MAX_ATTEMPTS) {
      if (what === 'request') this.requestId = undefined;
      else this.email = undefined;
      this.set(what === 'request' ? { request: 'failed' } : { contact: code === 'invalid' ? 'invalid' : 'failed' });
      host.error(new WidgetError(code, what === 'request' ? 'The server did not take the request for a person' : 'The server did not take the email address', message));
      return;
    }
    this.set(what === 'request' ? { request: 'queued' } : { contact: 'queued' });
    const timer = host.env.timers.setTimeout(() => this.flush(), retryAfterMs ?? RETRY_MS * this.attempts[what]);
    this.subs.add(() => host.env.timers.clearTimeout(timer));
  }

  private malformed(event: string, detail: string): void {
    this.host.error(new WidgetError('malformed', `Ignored a malformed ${event} from the server`, detail));
  }

  private set(patch: Partial<HandoffSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}
