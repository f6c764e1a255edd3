import {
  ProtocolFailure, parseChatResponse,
  type AgentTyping, type ChatContext, type ChatResponse, type ChatResponseChunk, type ProtocolError,
  type ProtocolLimits,
} from '../../protocol/index.js';
import type { AnswerLeases } from './answer-leases.js';
import type { ChatLogger } from '../operations/logger.js';
import { ResponseBuilder, isBlock } from './response-builder.js';
import { ResponseAborted, abortKind } from './session-queue.js';
import type { StoreRetry } from '../sessions/store-retry.js';
import type { Responder, ResponseBody, SessionStore, ShopperMessage } from '../types.js';
import type { Catalog } from '../catalog/model.js';
import type { CatalogSearch } from '../catalog/search/catalog-search.js';

/** How many earlier responses a responder sees. */
const HISTORY_FOR_RESPONDER = 200;
/** Most conversation turns a responder sees (the store keeps fewer by default). */
const TURNS_FOR_RESPONDER = 100;

const ABORTED = Symbol('aborted');

export interface ResponseSink {
  chunk(sessionId: string, chunk: ChatResponseChunk): void;
  response(sessionId: string, response: ChatResponse): void;
  typing(sessionId: string, notice: AgentTyping): void;
}

export interface ResponseRunnerOptions {
  respond: Responder;
  store: SessionStore;
  /** Stores final responses (under the message's lease, when the store has leases). */
  leases: AnswerLeases;
  /** Retries the store's reads and the final write while it is unreachable. */
  retry: StoreRetry;
  limits: ProtocolLimits;
  responseTimeoutMs: number;
  sink: ResponseSink;
  onError: (error: unknown, where: string) => void;
  log: ChatLogger;
  now: () => number;
  newId: () => string;
  /** The store's catalog, current version, handed to responders as `ctx.catalog`. @default none */
  catalog?: () => Catalog | undefined;
  /** The search over `catalog`, handed to responders as `ctx.catalogSearch`. @default none */
  catalogSearch?: CatalogSearch;
  /** Told when a responder handed off (block or flag), after its answer went out. @default none */
  onHandoff?: (sessionId: string, reason: string | undefined) => void;
}

/**
 * Turns one shopper message into one final `chat-response` (streaming chunks on the way), whatever
 * the responder does: answer, throw, hang or ignore its abort signal. The final response always
 * gets a seq and is stored before it is sent, so `session-sync` can replay it.
 */
export class ResponseRunner {
  constructor(private readonly options: ResponseRunnerOptions) {}

  /** `respond` replaces the server's responder for this one answer. */
  async run(message: ShopperMessage, controller: AbortController, respond: Responder = this.options.respond): Promise<void> {
    const { sink, store } = this.options;
    const { sessionId } = message;
    const signal = controller.signal;
    const builder = new ResponseBuilder(this.options.limits);
    const responseId = this.options.newId();
    const startedAt = this.options.now();
    const idle = new IdleTimer(this.options.responseTimeoutMs, () => controller.abort(new ResponseAborted('timeout')));
    let body: ResponseBody = {};
    let failure: unknown;
    let stage = 'session store';

    // A message cancelled while it waited never starts, so nobody should see the agent typing.
    const started = !signal.aborted;
    if (started) sink.typing(sessionId, { sessionId, typing: true });
    try {
      if (started) {
        const read = async () => ({
          stored: await store.getContext(sessionId),
          history: await store.responsesAfter(sessionId, 0, HISTORY_FOR_RESPONDER),
          turns: (await store.recentTurns?.(sessionId, TURNS_FOR_RESPONDER)) ?? [],
        });
        const { stored, history, turns } = (await this.options.retry.run(read, this.reportOnce('reading a session'), signal)).value;
        const context: ChatContext = { ...stored, ...message.context };
        stage = 'responder';
        idle.start();
        const { catalog, catalogSearch } = this.options;
        const result = respond(message, { sessionId, context, signal, history, turns, ...(catalog && { catalog }), ...(catalogSearch && { catalogSearch }) });
        body = isAsyncIterable(result)
          ? await this.stream(result, message, responseId, builder, signal, idle)
          : await this.whole(result, builder, signal);
      }
    } catch (error) {
      failure = error;
    } finally {
      idle.stop();
    }

    try {
      const response = this.finish(message, responseId, builder, body, failure, signal, stage);
      if (message.face !== undefined) response.ephemeral = true;
      const seq = await this.store(response);
      const code = response.error?.code;
      const durationMs = this.options.now() - startedAt;
      if (seq === 0) {
        // Another process took this message over and answers it: a second answer must not exist.
        this.options.log({ level: 'info', event: 'response', sessionId, replyTo: message.id, outcome: 'superseded', durationMs, length: 0 });
      } else {
        response.seq = seq;
        sink.response(sessionId, response);
        const outcome = response.cancelled ? 'cancelled' : code ?? 'answered';
        this.options.log({ level: 'info', event: 'response', sessionId, replyTo: message.id, outcome, code, durationMs, length: response.response?.length ?? 0 });
        await this.remember(message, response);
        const handoff = builder.handoff ?? (body.handoff === true ? {} : undefined);
        if (handoff !== undefined) this.options.onHandoff?.(sessionId, handoff.reason);
      }
    } catch (error) {
      this.options.onError(error, 'storing a response');
    } finally {
      this.options.leases.release(sessionId, message.id);
    }
    if (started) sink.typing(sessionId, { sessionId, typing: false });
  }

  /**
   * Stores the final response under the message's lease, retrying while the store is unreachable
   * (a Redis restart): the message was acknowledged, so its answer must still go out live. A
   * failed attempt may have been carried out with only its reply lost; then the store already
   * holds this very response as the answer, and its seq is ours to send.
   */
  private async store(response: ChatResponse): Promise<number> {
    const { leases, retry, store } = this.options;
    const { value: seq, attempts } = await retry.run(() => leases.complete(response), this.reportOnce('storing a response'));
    if (seq !== 0 || attempts === 1 || response.replyTo === undefined) return seq;
    const answer = await store.answerTo(response.sessionId, response.replyTo);
    return answer.status === 'answered' && answer.response.id === response.id ? answer.response.seq : 0;
  }

  /** Reports the first failure of a retried operation; the rest would only repeat it. */
  private reportOnce(where: string): (error: unknown, attempt: number) => void {
    return (error, attempt) => {
      if (attempt === 1) this.options.onError(error, `${where} (retrying)`);
    };
  }

  /**
   * Keeps the exchange as chat history for later answers: the shopper's text (for a face analysis
   * the neutral text, never the attributes) and the answer's. A failed answer adds nothing: the
   * shopper will ask again. Never logged.
   */
  private async remember(message: ShopperMessage, response: ChatResponse): Promise<void> {
    const { store } = this.options;
    if (store.appendTurns === undefined || !(response.success || response.cancelled) || !response.response) return;
    await store.appendTurns(message.sessionId, [{ role: 'shopper', text: message.text }, { role: 'assistant', text: response.response }]);
  }

  private async stream(
    source: AsyncIterable<unknown>, message: ShopperMessage, responseId: string,
    builder: ResponseBuilder, signal: AbortSignal, idle: IdleTimer,
  ): Promise<ResponseBody> {
    const iterator = source[Symbol.asyncIterator]();
    let finished = false;
    try {
      while (!builder.full) {
        const step = await untilAborted(iterator.next(), signal);
        if (step === ABORTED) break;
        idle.restart();
        if (step.done) {
          finished = true;
          return { provider: providerOf(step.value) };
        }
        if (typeof step.value === 'string') {
          for (const { index, delta } of builder.addText(step.value)) {
            this.options.sink.chunk(message.sessionId, { id: responseId, replyTo: message.id, sessionId: message.sessionId, index, delta });
          }
        } else if (isBlock(step.value)) {
          builder.addBlock(step.value);
        } else {
          throw new TypeError('responder yielded a value that is neither a string nor a block');
        }
      }
      return {};
    } finally {
      // Not awaited: a generator stuck in an await of its own would hold this answer forever.
      // Its errors after we stopped listening have no one left to tell.
      if (!finished && typeof iterator.return === 'function') {
        Promise.resolve().then(() => iterator.return?.()).catch(() => undefined);
      }
    }
  }

  private async whole(result: Promise<ResponseBody>, builder: ResponseBuilder, signal: AbortSignal): Promise<ResponseBody> {
    const body = await untilAborted(Promise.resolve(result), signal);
    if (body === ABORTED) return {};
    if (typeof body !== 'object' || body === null) throw new TypeError('responder resolved to something other than a response body');
    if (typeof body.response === 'string') builder.addText(body.response);
    if (Array.isArray(body.blocks)) for (const block of body.blocks) builder.addBlock(block);
    return body;
  }

  private finish(
    message: ShopperMessage, responseId: string, builder: ResponseBuilder, body: ResponseBody, failure: unknown,
    signal: AbortSignal, stage: string,
  ): ChatResponse {
    const kind = abortKind(signal);
    let error: ProtocolError | undefined = body.error;
    if (kind === 'timeout') error = { code: 'unavailable', message: 'the assistant took too long to answer' };
    else if (kind === 'shutdown') error = { code: 'unavailable', message: 'the server is shutting down' };
    else if (kind === 'taken-over') error = { code: 'unavailable', message: 'another server is answering this' };
    else if (kind === undefined && failure !== undefined) error = this.describe(failure, stage);

    const candidate: ChatResponse = {
      success: error === undefined && (body.success ?? true),
      id: responseId,
      seq: 0,
      replyTo: message.id,
      sessionId: message.sessionId,
      response: builder.text,
      timestamp: this.options.now(),
    };
    if (builder.blocks.length > 0) candidate.blocks = builder.blocks;
    if (typeof body.provider === 'string') candidate.provider = body.provider;
    if (!candidate.success) candidate.error = error ?? { code: 'internal', message: 'the assistant could not answer' };

    // The same parser the widget runs: what it would refuse is caught here, where it can be reported.
    const parsed = parseChatResponse(candidate, this.options.limits);
    if (!parsed.ok) {
      this.options.onError(parsed.error, 'responder output');
      return { success: false, id: responseId, seq: 0, replyTo: message.id, sessionId: message.sessionId, timestamp: candidate.timestamp, error: { code: 'internal', message: 'the assistant produced an invalid answer' } };
    }
    if (parsed.dropped.length > 0) this.options.onError(new Error(`dropped from a response: ${parsed.dropped.join('; ')}`), 'responder output');
    const response: ChatResponse = parsed.value;
    if (kind === 'cancelled') response.cancelled = true;
    return response;
  }

  /** Only a deliberate `ProtocolFailure` reaches the shopper as is; anything else stays here. */
  private describe(failure: unknown, stage: string): ProtocolError {
    if (failure instanceof ProtocolFailure) return failure.toJSON();
    this.options.onError(failure, stage);
    return { code: 'internal', message: 'the assistant failed to answer' };
  }
}

/** Aborts after `ms` without progress; each produced item restarts the wait. */
class IdleTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms: number, private readonly onIdle: () => void) {}

  start(): void {
    this.stop();
    this.handle = setTimeout(this.onIdle, this.ms);
  }

  restart(): void {
    if (this.handle !== undefined) this.start();
  }

  stop(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/** Settles with the promise, or with ABORTED as soon as the signal aborts, whichever is first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function providerOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const provider = (value as { provider?: unknown }).provider;
  return typeof provider === 'string' ? provider : undefined;
}
