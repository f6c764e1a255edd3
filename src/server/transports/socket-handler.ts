import type { IncomingMessage } from 'node:http';
import {
  parseChatCancel, parseChatMessage, parseContextUpdate, parseFaceAnalysis, parseSessionSync, parseTyping,
  type ErrorCode, type MessageAck, type ProtocolError, type ProtocolLimits, type SessionSyncAck, type SimpleAck,
} from '../../protocol/index.js';
import { FACE_ANALYSIS_TEXT, faceMessage } from '../answering/face-message.js';
import type { ChatLogger } from '../operations/logger.js';
import { STORE_DOWN, type MessageIntake } from '../answering/message-intake.js';
import type { RateLimiter } from '../guards/rate-limiter.js';
import type { SessionQueue } from '../answering/session-queue.js';
import { SessionStoreFull } from '../sessions/session-store.js';
import type { ShopperHandoff } from '../handoff/shopper-side.js';
import type { ChatSocket, SessionStore } from '../types.js';

export interface SocketHandlerDeps {
  store: SessionStore;
  queue: SessionQueue;
  intake: MessageIntake;
  limits: ProtocolLimits;
  onError: (error: unknown, where: string) => void;
  log: ChatLogger;
  /** Every event of one socket, keyed by socket id; undefined when rate limits are off. */
  perConnection: RateLimiter | undefined;
  /** The client's address (the TCP peer, or the proxy's `X-Forwarded-For` entry with trustProxy). */
  addressOf: (request: IncomingMessage) => string;
  /** The shopper's side of hand-off, when it is on. */
  handoff?: ShopperHandoff;
}

type Reply<T> = (ack: T) => void;

const MISMATCH: ProtocolError = { code: 'unauthorized', message: 'sessionId does not match the connection' };

/**
 * Speaks protocol v1 with one connected socket. Every payload is untrusted: it is parsed once here,
 * acks are only called when the client really passed a callback, and nothing a handler does can
 * throw out into Socket.IO.
 */
export class ChatSocketHandler {
  private readonly sessionId: string;
  private readonly address: string;

  constructor(private readonly socket: ChatSocket, private readonly deps: SocketHandlerDeps) {
    this.sessionId = socket.data.auth.sessionId;
    this.address = deps.addressOf(socket.request);
  }

  static roomOf(sessionId: string): string {
    return `session:${sessionId}`;
  }

  attach(): void {
    // Every tab of a session joins its room, so each of them sees every answer.
    void this.socket.join(ChatSocketHandler.roomOf(this.sessionId));
    this.deps.log({ level: 'debug', event: 'connection', sessionId: this.sessionId, socketId: this.socket.id });
    this.socket.once('disconnect', (reason) => {
      this.deps.perConnection?.delete(this.socket.id);
      this.deps.log({ level: 'debug', event: 'disconnect', sessionId: this.sessionId, socketId: this.socket.id, reason });
    });
    this.socket.on('chat-message', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      this.guard<MessageAck>(ack, (reply) => this.onMessage(raw, reply), (error) => ({ ok: false, id: rawId(raw), error }));
    });
    this.socket.on('face-analysis', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      this.guard<MessageAck>(ack, (reply) => this.onFaceAnalysis(raw, reply), (error) => ({ ok: false, id: rawId(raw), error }));
    });
    this.socket.on('chat-cancel', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      this.guard<SimpleAck>(ack, (reply) => this.onCancel(raw, reply), simpleFailure);
    });
    this.socket.on('session-sync', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      this.guard<SessionSyncAck>(ack, (reply) => this.onSync(raw, reply), simpleFailure);
    });
    this.socket.on('context-update', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      this.guard<SimpleAck>(ack, (reply) => this.onContext(raw, reply), simpleFailure);
    });
    // Operators see the shopper typing while the conversation is theirs.
    this.socket.on('typing', (raw: unknown) => {
      if (this.take() !== undefined) return;
      const parsed = parseTyping(raw);
      if (parsed.ok && parsed.value.sessionId === this.sessionId) this.deps.handoff?.typing(this.sessionId, parsed.value.typing);
    });
    this.deps.handoff?.attach(this.socket, this.sessionId, (ack, handle, failure) => this.guard(ack, handle, failure), () => this.take() === undefined);
  }

  private async onMessage(raw: unknown, reply: Reply<MessageAck>): Promise<void> {
    const parsed = parseChatMessage(raw, this.deps.limits);
    if (!parsed.ok) {
      this.deps.log({ level: 'info', event: 'message', sessionId: this.sessionId, messageId: rawId(raw), outcome: parsed.error.code });
      return reply({ ok: false, id: rawId(raw), error: parsed.error.toJSON() });
    }
    const message = parsed.value;
    if (message.sessionId !== this.sessionId) return reply({ ok: false, id: message.id, error: MISMATCH });
    await this.deps.intake.accept(message, reply, this.address);
  }

  /**
   * A face analysis is answered as a shopper message: same rate limits, idempotency (one id space
   * with chat messages), queue and ack. The refusal log entry carries the code only: the parser's
   * message names a field, and the payload itself is never logged.
   */
  private async onFaceAnalysis(raw: unknown, reply: Reply<MessageAck>): Promise<void> {
    const parsed = parseFaceAnalysis(raw);
    if (!parsed.ok) {
      this.deps.log({ level: 'info', event: 'message', kind: 'face-analysis', sessionId: this.sessionId, messageId: rawId(raw), length: FACE_ANALYSIS_TEXT.length, outcome: parsed.error.code });
      return reply({ ok: false, id: rawId(raw), error: parsed.error.toJSON() });
    }
    if (parsed.value.sessionId !== this.sessionId) return reply({ ok: false, id: parsed.value.id, error: MISMATCH });
    await this.deps.intake.accept(faceMessage(parsed.value, Date.now()), reply, this.address);
  }

  private async onCancel(raw: unknown, reply: Reply<SimpleAck>): Promise<void> {
    const parsed = parseChatCancel(raw);
    if (!parsed.ok) return reply(simpleFailure(parsed.error.toJSON()));
    if (parsed.value.sessionId !== this.sessionId) return reply(simpleFailure(MISMATCH));
    // Cancelling an answer that already finished is not an error: the client may race it.
    this.deps.queue.cancel(this.sessionId, parsed.value.replyTo);
    reply({ ok: true });
  }

  private async onSync(raw: unknown, reply: Reply<SessionSyncAck>): Promise<void> {
    const parsed = parseSessionSync(raw);
    if (!parsed.ok) return reply(simpleFailure(parsed.error.toJSON()));
    if (parsed.value.sessionId !== this.sessionId) return reply(simpleFailure(MISMATCH));
    const responses = await this.fromStore(() => this.deps.store.responsesAfter(this.sessionId, parsed.value.afterSeq, this.deps.limits.maxSyncResponses));
    // With hand-off on, the ack also says where the conversation stands, so a reload restores it.
    const handoff = responses && this.deps.handoff && (await this.fromStore(() => this.deps.handoff!.state(this.sessionId)));
    reply(responses ? { ok: true, responses, ...(handoff && { handoff }) } : simpleFailure(STORE_DOWN));
    // A client syncing may have just left a process that died answering it: answer what it left.
    await this.deps.intake.recover(this.sessionId);
  }

  private async onContext(raw: unknown, reply: Reply<SimpleAck>): Promise<void> {
    const parsed = parseContextUpdate(raw, this.deps.limits);
    if (!parsed.ok) return reply(simpleFailure(parsed.error.toJSON()));
    if (parsed.value.sessionId !== this.sessionId) return reply(simpleFailure(MISMATCH));
    // The update replaces the session's context: the widget sends its whole context each time.
    const done = await this.fromStore(async () => {
      await this.deps.store.setContext(this.sessionId, parsed.value.context);
      return true;
    });
    reply(done ? { ok: true } : simpleFailure(STORE_DOWN));
  }

  private async fromStore<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      // A full store turning a new session away is load shedding, not a failure: the client retries.
      if (!(error instanceof SessionStoreFull)) this.deps.onError(error, 'session store');
      return undefined;
    }
  }

  /**
   * Takes a token from this socket's bucket and returns the refusal when there is none. Only the
   * first refusal of a flood is logged as a warning, so the flood cannot flood the logs too.
   */
  private take(): ProtocolError | undefined {
    const taken = this.deps.perConnection?.take(this.socket.id) ?? { ok: true };
    if (taken.ok) return undefined;
    this.deps.log({ level: 'debug', event: 'refused', code: 'rate_limited', sessionId: this.sessionId, socketId: this.socket.id });
    if (taken.firstOfFlood) this.deps.log({ level: 'warn', event: 'rate_limited', scope: 'connection', sessionId: this.sessionId, socketId: this.socket.id });
    return { code: 'rate_limited', message: 'too many events on this connection: slow down', retryAfterMs: taken.retryAfterMs };
  }

  /**
   * Runs a handler only when the client passed an ack callback (an event without one is a client
   * bug or a probe and gets no work done), answers at most once, and turns a bug in the handler
   * into an `internal` ack instead of an unhandled rejection.
   */
  private guard<T>(ack: unknown, handle: (reply: Reply<T>) => Promise<void>, failure: (error: ProtocolError) => T): void {
    if (typeof ack !== 'function') return;
    // Charged before parsing: a flood costs one map lookup per event, whatever it carries.
    const refused = this.take();
    if (refused) {
      (ack as Reply<T>)(failure(refused));
      return;
    }
    let answered = false;
    const reply: Reply<T> = (value) => {
      if (answered) return;
      answered = true;
      (ack as Reply<T>)(value);
    };
    handle(reply).catch((error: unknown) => {
      this.deps.onError(error, 'socket handler');
      reply(failure({ code: 'internal' satisfies ErrorCode, message: 'internal error' }));
    });
  }
}

/**
 * Socket.IO puts the ack callback last, so an event sent with a callback but no payload arrives as
 * `(callback)`: answer it as an invalid payload rather than leave the client waiting.
 */
function payloadAndAck(args: unknown[]): [payload: unknown, ack: unknown] {
  const [first, second] = args;
  return args.length === 1 && typeof first === 'function' ? [undefined, first] : [first, second];
}

function simpleFailure(error: ProtocolError): { ok: false; error: ProtocolError } {
  return { ok: false, error };
}

/** The id to echo in a refusal: the client's own if it sent a string, so it can match the ack. */
function rawId(raw: unknown): string {
  try {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id.slice(0, 128) : '';
  } catch {
    return '';
  }
}
