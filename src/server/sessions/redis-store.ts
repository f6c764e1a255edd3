import type { ChatContext, ChatResponse } from '../../protocol/index.js';
import {
  ANSWER_TO, APPEND, APPEND_TURNS, CLAIM_SESSION, GET_CONTEXT, NEXT_SEQ, OPEN_SESSION, RECENT_TURNS, REMEMBER, RESPONSES_AFTER, SET_CONTEXT,
  type LuaScript, type RedisCommandClient,
} from './redis-scripts.js';
import { ACCEPT, COMPLETE, RENEW, TAKE_OVER } from './redis-lease-scripts.js';
import { cutTurn } from './turns.js';
import type { SessionOpening, SessionWindowRule } from './session-store.js';
import type { ConversationTurn, LeasedMessage, SessionStore, StoredAnswer, TakenOver } from '../types.js';

export type { RedisCommandClient } from './redis-scripts.js';

export interface RedisSessionStoreOptions {
  /**
   * A node-redis client (`createClient()` from `redis` or `@redis/client`). The store only sends
   * commands through it: connecting and closing it stay with you.
   */
  client: RedisCommandClient;
  /** Prefix of every key. Stores that share sessions must share it. @default 'aidw:' */
  keyPrefix?: string;
  /** A session nobody wrote to or read from for this long is deleted by Redis. @default 86400000 (24 hours) */
  ttlMs?: number;
  /** Responses kept per session for `session-sync`. @default 200 */
  maxHistory?: number;
  /** Message ids remembered per session for duplicate detection. @default 1000 */
  maxMessageIds?: number;
  /** Conversation turns kept per session as responders' chat history. @default 20 */
  maxTurns?: number;
  /** Longest turn kept, in characters; longer ones are cut. @default 2000 */
  maxTurnLength?: number;
}

/**
 * Sessions in Redis, shared by every server process that uses the same Redis and key prefix.
 * Each operation is one Lua script, so it is atomic across processes: of two servers receiving
 * the same message id at once, exactly one is told it is new. Responses sit in a sorted set by
 * seq, so `session-sync` reads only what it returns. History and remembered ids are bounded like
 * the memory store's; sessions expire after `ttlMs` without activity (and then start again at
 * seq 1). A session's keys share a hash tag, so they live on one node of a Redis Cluster.
 *
 * @example
 * const client = createClient({ url: 'redis://localhost:6379' });
 * await client.connect();
 * const server = createChatServer({ store: new RedisSessionStore({ client }) });
 */
export class RedisSessionStore implements SessionStore {
  private readonly client: RedisCommandClient;
  private readonly keyPrefix: string;
  private readonly ttlMs: number;
  private readonly maxHistory: number;
  private readonly maxMessageIds: number;
  private readonly maxTurns: number;
  private readonly maxTurnLength: number;

  constructor(options: RedisSessionStoreOptions) {
    if (typeof options?.client?.sendCommand !== 'function') {
      throw new TypeError('RedisSessionStore: pass `client`, a node-redis client from createClient()');
    }
    this.client = options.client;
    this.keyPrefix = options.keyPrefix ?? 'aidw:';
    if (typeof this.keyPrefix !== 'string') throw new TypeError('RedisSessionStore: keyPrefix must be a string');
    this.ttlMs = positive(options.ttlMs ?? 86_400_000, 'ttlMs');
    this.maxHistory = positive(options.maxHistory ?? 200, 'maxHistory');
    this.maxMessageIds = positive(options.maxMessageIds ?? 1000, 'maxMessageIds');
    this.maxTurns = positive(options.maxTurns ?? 20, 'maxTurns');
    this.maxTurnLength = positive(options.maxTurnLength ?? 2000, 'maxTurnLength');
  }

  async rememberMessage(sessionId: string, messageId: string): Promise<boolean> {
    return (await this.run(REMEMBER, sessionId, messageId, this.maxMessageIds)) === 1;
  }

  async acceptMessage(sessionId: string, message: LeasedMessage, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.run(ACCEPT, sessionId, message.id, this.maxMessageIds, owner, Math.ceil(ttlMs), JSON.stringify(message))) === 1;
  }

  async renewLease(sessionId: string, messageId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.run(RENEW, sessionId, messageId, owner, Math.ceil(ttlMs))) === 1;
  }

  async completeAnswer(sessionId: string, response: ChatResponse, owner: string): Promise<number> {
    const { seq: _seq, ...rest } = response;
    // The script writes '{"seq":<seq>' itself, so seq and the stored JSON are decided in one step.
    const tail = `,${JSON.stringify(rest).slice(1)}`;
    return Number(await this.run(COMPLETE, sessionId, response.replyTo ?? '', owner, tail, this.maxHistory));
  }

  async takeOverAnswers(sessionId: string, owner: string, ttlMs: number, exclude: readonly string[]): Promise<TakenOver> {
    const [retry, ...messages] = (await this.run(TAKE_OVER, sessionId, owner, Math.ceil(ttlMs), ...exclude)) as [number, ...string[]];
    const out: TakenOver = { messages: messages.map((json) => JSON.parse(json) as LeasedMessage) };
    if (Number(retry) >= 0) out.retryInMs = Number(retry);
    return out;
  }

  async nextSeq(sessionId: string): Promise<number> {
    return Number(await this.run(NEXT_SEQ, sessionId));
  }

  async appendResponse(sessionId: string, response: ChatResponse): Promise<void> {
    await this.run(APPEND, sessionId, response.seq, JSON.stringify(response), response.replyTo ?? '', this.maxHistory);
  }

  async responsesAfter(sessionId: string, afterSeq: number, limit: number): Promise<ChatResponse[]> {
    if (limit <= 0) return [];
    const found = await this.run(RESPONSES_AFTER, sessionId, afterSeq, Math.floor(limit));
    return (found as string[]).map((json) => JSON.parse(json) as ChatResponse);
  }

  async answerTo(sessionId: string, messageId: string): Promise<StoredAnswer> {
    const [state, json] = (await this.run(ANSWER_TO, sessionId, messageId)) as [number, string?];
    if (state === 2 && json !== undefined) return { status: 'answered', response: JSON.parse(json) as ChatResponse };
    return state === 1 ? { status: 'evicted' } : { status: 'unanswered' };
  }

  async getContext(sessionId: string): Promise<ChatContext> {
    const json = await this.run(GET_CONTEXT, sessionId);
    return typeof json === 'string' ? (JSON.parse(json) as ChatContext) : {};
  }

  async setContext(sessionId: string, context: ChatContext): Promise<void> {
    await this.run(SET_CONTEXT, sessionId, JSON.stringify(context));
  }

  async claimSession(sessionId: string, identity: string): Promise<string> {
    const owner = await this.run(CLAIM_SESSION, sessionId, identity);
    return typeof owner === 'string' ? owner : '';
  }

  /**
   * Counts new sessions per address in one key per address (`<prefix>ip:<address>`, expiring with
   * the window), so the bound holds across every process sharing this Redis. The existence check
   * is a separate read: the address key and the session's keys may live on different cluster nodes.
   */
  async openSession(sessionId: string, address: string, rule: SessionWindowRule): Promise<SessionOpening> {
    if (Number(await this.client.sendCommand(['EXISTS', `${this.keyPrefix}{${sessionId}}:m`])) === 1) return { ok: true };
    const wait = Number(await OPEN_SESSION.run(this.client, [`${this.keyPrefix}ip:${address}`], [Math.ceil(rule.windowMs), rule.max, sessionId]));
    return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true };
  }

  async appendTurns(sessionId: string, turns: readonly ConversationTurn[]): Promise<void> {
    if (turns.length === 0) return;
    const json = turns.map((turn) => JSON.stringify({ role: turn.role, text: cutTurn(turn.text, this.maxTurnLength) }));
    await this.run(APPEND_TURNS, sessionId, this.maxTurns, ...json);
  }

  async recentTurns(sessionId: string, limit: number): Promise<ConversationTurn[]> {
    if (limit <= 0) return [];
    const found = await this.run(RECENT_TURNS, sessionId, Math.floor(limit));
    return (found as string[]).map((json) => JSON.parse(json) as ConversationTurn);
  }

  private run(script: LuaScript, sessionId: string, ...args: (string | number)[]): Promise<unknown> {
    // The braces are a Redis Cluster hash tag: all keys of a session hash to one slot, which a
    // script touching several of them requires. Session ids never contain braces.
    const base = `${this.keyPrefix}{${sessionId}}`;
    return script.run(this.client, [`${base}:m`, `${base}:ids`, `${base}:ans`, `${base}:r`, `${base}:t`, `${base}:l`], [this.ttlMs, ...args]);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`RedisSessionStore: ${name} must be a positive integer, got ${value}`);
  return value;
}
