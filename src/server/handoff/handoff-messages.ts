import type { HandoffState, OperatorIdentity, OperatorReply, TranscriptEntry } from '../../protocol/handoff.js';
import { ProtocolFailure, type ChatResponse, type MessageAck } from '../../protocol/index.js';
import type { ShopperMessage } from '../answering/responder-types.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { ConversationStore } from './conversation-store.js';
import type { HandoffDesk } from './desk.js';
import type { DeskOutlet } from './desk-outlet.js';
import { asksForPerson } from './phrases.js';

export interface HandoffMessagesDeps {
  desk: HandoffDesk;
  conversations: ConversationStore;
  sessions: SessionStore;
  outlet: DeskOutlet;
  phrases: readonly RegExp[];
  waitText: (state: HandoffState, locale: string | undefined) => string;
  now: () => number;
  newId: () => string;
  onError: (error: unknown, where: string) => void;
}

/** What the desk made of a shopper message: the ack, and what to do once it is sent. */
export interface Taken {
  ack: MessageAck;
  after?: () => Promise<void>;
}

/** The owner the desk stores its responses under: it holds no lease, so it never competes with one. */
const DESK_OWNER = 'handoff-desk';
/** Transcript entries searched for the seq of a retried reply. */
const REPLY_LOOKUP = 500;
/** The provider of the desk's own texts (the wait text). */
export const HANDOFF_PROVIDER = 'handoff';

/**
 * Messages in and out of a handed-off conversation: shopper messages taken away from the responder
 * (and the ones that ask for a person), the wait text, operator replies numbered and stored like
 * any answer, and the transcript operators read. Idempotency reuses the session store's message
 * ids (atomic across processes), with a prefix for hand-off requests and replies.
 */
export class HandoffMessages {
  constructor(private readonly deps: HandoffMessagesDeps) {}

  /**
   * For the intake, before the responder: undefined lets the responder answer. A message in
   * `waiting`/`operator` mode is stored for the operators and acked `awaiting: 'operator'`; one
   * that asks for a person hands off and is answered with the wait text.
   */
  async take(message: ShopperMessage): Promise<Taken | undefined> {
    const { sessions, desk } = this.deps;
    const { id, sessionId } = message;
    const mode = (await this.deps.conversations.read(sessionId))?.mode ?? 'assistant';
    if (mode === 'assistant') {
      if (message.face !== undefined || !asksForPerson(message.text, this.deps.phrases)) return undefined;
      if (!(await sessions.rememberMessage(sessionId, id))) return { ack: { ok: true, id, duplicate: true } };
      return {
        ack: { ok: true, id },
        after: async () => {
          const { state } = await desk.handOff(sessionId, 'phrase');
          await this.shopperEntry(message);
          await this.sendWaitText(sessionId, state, id);
        },
      };
    }
    // Stored before the ack: once acked, the message must reach the operators. The transcript's key
    // is the idempotency, so a retry after a failed store stores it instead of being told duplicate.
    const { fresh, record } = await this.shopperEntry(message);
    // Taken, in the session's ids too: after a hand-back, a late retry is not answered by the responder.
    await sessions.rememberMessage(sessionId, id);
    if (!fresh) return { ack: { ok: true, id, duplicate: true, awaiting: 'operator' } };
    await sessions.appendTurns?.(sessionId, [{ role: 'shopper', text: message.text }]);
    return {
      ack: { ok: true, id, awaiting: 'operator' },
      after: async () => {
        if (record?.mode === 'operator' && record.assignee !== undefined) {
          desk.notify({ kind: 'shopper-message', sessionId, preview: record.preview, operatorIds: [record.assignee] });
        }
      },
    };
  }

  /** A message the responder answers, kept for the transcript operators read later. */
  async observe(message: ShopperMessage): Promise<void> {
    await this.shopperEntry(message);
  }

  /** An answer the responder gave, kept for the transcript (face answers stay off it, as off the device). */
  async answered(response: ChatResponse): Promise<void> {
    if (response.ephemeral === true) return;
    await this.entry(response.sessionId, `a:${response.id}`, { kind: 'assistant', response }, response.timestamp);
  }

  /** `handoff-request`, idempotent by its id: only the first one hands off and gets the wait text. */
  async request(sessionId: string, requestId: string): Promise<HandoffState> {
    if (!(await this.deps.sessions.rememberMessage(sessionId, `handoff:${requestId}`))) return this.deps.desk.state(sessionId);
    const { state, started } = await this.deps.desk.handOff(sessionId, 'shopper');
    if (started) await this.sendWaitText(sessionId, state);
    return state;
  }

  /** A responder's hand-off block or flag, after its answer went out. */
  async responderHandoff(sessionId: string, reason: string | undefined): Promise<void> {
    const { state, started } = await this.deps.desk.handOff(sessionId, 'responder', reason);
    if (started) await this.sendWaitText(sessionId, state);
  }

  /**
   * An operator's reply: only the assignee of a claimed conversation. Numbered with the session's
   * next seq and stored like an answer, so sync and reload get it; a retried id gets its first seq.
   */
  async reply(operator: OperatorIdentity, reply: OperatorReply): Promise<{ id: string; seq: number; duplicate?: true }> {
    const { sessionId } = reply;
    const record = await this.deps.desk.known(sessionId);
    if (record.mode !== 'operator' || record.assignee !== operator.id) {
      throw new ProtocolFailure('unauthorized', 'claim the conversation before replying to it');
    }
    if (!(await this.deps.sessions.rememberMessage(sessionId, `reply:${reply.id}`))) {
      const earlier = (await this.deps.conversations.entries(sessionId, REPLY_LOOKUP)).find((e) => e.kind === 'operator' && e.response.id === reply.id);
      if (earlier?.kind === 'operator') return { id: reply.id, seq: earlier.response.seq, duplicate: true };
      // Remembered but never recorded: the first attempt failed (a store down, a process gone) or
      // is still under way. Storing it now loses nothing and shows nothing twice: the widget keeps
      // one response per id, and the transcript one entry per key.
    }
    const response: ChatResponse = {
      success: true, id: reply.id, seq: 0, sessionId, response: reply.text, provider: 'operator',
      author: { kind: 'operator', name: operator.name }, timestamp: this.deps.now(),
    };
    if (reply.blocks !== undefined) response.blocks = reply.blocks;
    response.seq = await this.store(response);
    this.deps.outlet.shopper(sessionId, 'chat-response', response);
    await this.entry(sessionId, `r:${reply.id}`, { kind: 'operator', response, operatorId: operator.id }, response.timestamp);
    // In the responder's history too, so after a hand-back it knows what the operator said.
    if (reply.text !== '') await this.deps.sessions.appendTurns?.(sessionId, [{ role: 'assistant', text: reply.text }]);
    return { id: reply.id, seq: response.seq };
  }

  private async shopperEntry(message: ShopperMessage) {
    const at = this.deps.now();
    const entry: TranscriptEntry = message.face === undefined
      ? { kind: 'shopper', id: message.id, text: message.text, at }
      : { kind: 'shopper', id: message.id, text: message.text, at, face: true };
    return this.entry(message.sessionId, `m:${message.id}`, entry, at);
  }

  private async entry(sessionId: string, key: string, entry: TranscriptEntry, at: number) {
    const stored = await this.deps.desk.record(sessionId, key, entry, at);
    const { fresh, record } = stored;
    // Operators hear of entries only in conversations their inbox lists.
    if (fresh && record !== undefined) {
      this.deps.outlet.operators('conversation-entry', { sessionId, entry });
      this.deps.outlet.operators('conversation-updated', await this.deps.desk.summary(record));
    }
    return stored;
  }

  private async sendWaitText(sessionId: string, state: HandoffState, replyTo?: string): Promise<void> {
    const { locale } = await this.deps.sessions.getContext(sessionId);
    const response: ChatResponse = {
      success: true, id: this.deps.newId(), seq: 0, sessionId, response: this.deps.waitText(state, locale), provider: HANDOFF_PROVIDER, timestamp: this.deps.now(),
    };
    if (replyTo !== undefined) response.replyTo = replyTo;
    response.seq = await this.store(response);
    if (response.seq === 0) return;
    this.deps.outlet.shopper(sessionId, 'chat-response', response);
    await this.entry(sessionId, `a:${response.id}`, { kind: 'assistant', response }, response.timestamp);
  }

  /** Stores a response under the session's next seq in one step where the store can. */
  private async store(response: ChatResponse): Promise<number> {
    const { sessions } = this.deps;
    if (sessions.completeAnswer !== undefined) return sessions.completeAnswer(response.sessionId, response, DESK_OWNER);
    const seq = await sessions.nextSeq(response.sessionId);
    await sessions.appendResponse(response.sessionId, { ...response, seq });
    return seq;
  }
}
