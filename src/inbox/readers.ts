import { ProtocolFailure } from '../protocol/errors.js';
import type {
  ConversationDetail, ConversationSummary, HandoffMode, OperatorIdentity, OperatorPresence, PresenceState, TranscriptEntry,
} from '../protocol/handoff.js';
import { HANDOFF_MODES } from '../protocol/handoff.js';
import { DEFAULT_LIMITS } from '../protocol/limits.js';
import {
  boolean, fail, fields, identifier, json, list, number, oneOf, optionalString, record, string, time,
} from '../protocol/readers.js';
import type { ChatContext, ChatResponse, ProductItem, ProtocolError } from '../protocol/types.js';
import { ERROR_CODES } from '../protocol/types.js';
import { parseChatResponse } from '../protocol/validate.js';

/**
 * Readers for what the `/operators` namespace and the login endpoint send the inbox. The page
 * treats the server's words like the widget does: a bug or a compromised process upstream must not
 * put markup or a `javascript:` link in front of an operator. Each reader returns a fresh typed
 * copy or throws `ProtocolFailure`; the client drops what does not read.
 */

const NAME = { min: 1, max: 200 };
const PREVIEW = { max: 500 };
const MAX_CONVERSATIONS = 1000;
const MAX_ENTRIES = 2000;
const MAX_OPERATORS = 500;
const PRESENCE_STATES: readonly PresenceState[] = ['online', 'away', 'offline'];
const EVENT_KINDS = ['handoff', 'claimed', 'released', 'handed-back', 'contact-left'] as const;

/** Responses come from the shared protocol parser, so an operator sees exactly what a shopper may see. */
function response(value: unknown, path: string): ChatResponse {
  const parsed = parseChatResponse(value);
  if (!parsed.ok) fail(path, parsed.error.message);
  return parsed.value;
}

function context(value: unknown, path: string): ChatContext {
  if (value === undefined || value === null) return {};
  const copy = json(value, path, { maxDepth: DEFAULT_LIMITS.maxDepth, maxKeys: DEFAULT_LIMITS.maxKeys, maxSize: DEFAULT_LIMITS.maxContextSize });
  return record(copy, path) as ChatContext;
}

function count(value: unknown, path: string): number {
  return number(value, path, { integer: true, min: 0 });
}

export function readSummary(value: unknown, path = 'summary'): ConversationSummary {
  const r = fields(value, path, [
    'sessionId', 'mode', 'assignee', 'assigneeName', 'handedOffAt', 'lastAt', 'preview', 'unread', 'shopperSeenSeq', 'contact', 'context',
  ]);
  const out: ConversationSummary = {
    sessionId: identifier(r.sessionId, `${path}.sessionId`),
    mode: oneOf<HandoffMode>(r.mode, `${path}.mode`, HANDOFF_MODES),
    lastAt: time(r.lastAt, `${path}.lastAt`),
    preview: string(r.preview ?? '', `${path}.preview`, PREVIEW),
    unread: count(r.unread ?? 0, `${path}.unread`),
    shopperSeenSeq: count(r.shopperSeenSeq ?? 0, `${path}.shopperSeenSeq`),
    context: context(r.context, `${path}.context`),
  };
  if (r.assignee !== undefined && r.assignee !== null) out.assignee = identifier(r.assignee, `${path}.assignee`);
  const assigneeName = optionalString(r.assigneeName ?? undefined, `${path}.assigneeName`, NAME);
  if (assigneeName !== undefined) out.assigneeName = assigneeName;
  if (r.handedOffAt !== undefined && r.handedOffAt !== null) out.handedOffAt = time(r.handedOffAt, `${path}.handedOffAt`);
  const contact = optionalString(r.contact ?? undefined, `${path}.contact`, { min: 3, max: 320 });
  if (contact !== undefined) out.contact = contact;
  return out;
}

export function readEntry(value: unknown, path = 'entry'): TranscriptEntry {
  const r = fields(value, path, ['kind', 'id', 'text', 'at', 'face', 'response', 'operatorId', 'event', 'by', 'reason']);
  switch (r.kind) {
    case 'shopper': {
      const entry: TranscriptEntry = {
        kind: 'shopper',
        id: identifier(r.id, `${path}.id`),
        text: string(r.text, `${path}.text`, { max: DEFAULT_LIMITS.maxTextLength }),
        at: time(r.at, `${path}.at`),
      };
      return r.face === true ? { ...entry, face: true } : entry;
    }
    case 'assistant':
      return { kind: 'assistant', response: response(r.response, `${path}.response`) };
    case 'operator':
      return { kind: 'operator', response: response(r.response, `${path}.response`), operatorId: identifier(r.operatorId, `${path}.operatorId`) };
    case 'event': {
      const entry: TranscriptEntry = { kind: 'event', at: time(r.at, `${path}.at`), event: oneOf(r.event, `${path}.event`, EVENT_KINDS) };
      const by = optionalString(r.by ?? undefined, `${path}.by`, NAME);
      if (by !== undefined) entry.by = by;
      const reason = optionalString(r.reason ?? undefined, `${path}.reason`, { max: 500 });
      if (reason !== undefined) entry.reason = reason;
      return entry;
    }
    default:
      return fail(`${path}.kind`, 'unknown entry kind');
  }
}

/** Keeps the readable entries of a history: one bad line should not hide the conversation. */
function entries(value: unknown, path: string): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  list(value, path, MAX_ENTRIES).forEach((item, i) => {
    try {
      out.push(readEntry(item, `${path}[${i}]`));
    } catch (error) {
      if (!(error instanceof ProtocolFailure)) throw error;
    }
  });
  return out;
}

export function readDetail(value: unknown, path = 'conversation'): ConversationDetail {
  const r = fields(value, path, ['summary', 'entries']);
  return { summary: readSummary(r.summary, `${path}.summary`), entries: entries(r.entries, `${path}.entries`) };
}

export function readPresence(value: unknown, path = 'presence'): OperatorPresence {
  const r = fields(value, path, ['operatorId', 'name', 'state', 'since']);
  return {
    operatorId: identifier(r.operatorId, `${path}.operatorId`),
    name: string(r.name, `${path}.name`, NAME),
    state: oneOf(r.state, `${path}.state`, PRESENCE_STATES),
    since: time(r.since, `${path}.since`),
  };
}

export function readIdentity(value: unknown, path = 'operator'): OperatorIdentity {
  const r = fields(value, path, ['id', 'name']);
  return { id: identifier(r.id, `${path}.id`), name: string(r.name, `${path}.name`, NAME) };
}

export function readEntryEvent(value: unknown): { sessionId: string; entry: TranscriptEntry } {
  const r = fields(value, 'conversation-entry', ['sessionId', 'entry']);
  return { sessionId: identifier(r.sessionId, 'conversation-entry.sessionId'), entry: readEntry(r.entry, 'conversation-entry.entry') };
}

export function readShopperTyping(value: unknown): { sessionId: string; typing: boolean } {
  const r = fields(value, 'shopper-typing', ['sessionId', 'typing']);
  return { sessionId: identifier(r.sessionId, 'shopper-typing.sessionId'), typing: boolean(r.typing, 'shopper-typing.typing') };
}

export function readOperatorTyping(value: unknown): { sessionId: string; operatorId: string; typing: boolean } {
  const r = fields(value, 'operator-typing', ['sessionId', 'operatorId', 'typing']);
  return {
    sessionId: identifier(r.sessionId, 'operator-typing.sessionId'),
    operatorId: identifier(r.operatorId, 'operator-typing.operatorId'),
    typing: boolean(r.typing, 'operator-typing.typing'),
  };
}

/** An operator ack: `{ ok: true, ...T }` read by `read`, or the server's error. */
export type ReadAck<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

function protocolError(value: unknown): ProtocolError {
  const r = fields(value ?? {}, 'ack.error', ['code', 'message']);
  const code = ERROR_CODES.includes(r.code as never) ? (r.code as ProtocolError['code']) : 'internal';
  return { code, message: typeof r.message === 'string' ? r.message.slice(0, 500) : code };
}

export function readAck<T>(value: unknown, read: (r: Record<string, unknown>) => T): ReadAck<T> {
  const r = record(value, 'ack');
  if (r.ok === false) return { ok: false, error: protocolError(r.error) };
  if (r.ok !== true) fail('ack.ok', 'expected true or false');
  return { ok: true, value: read(r) };
}

export interface InboxList {
  conversations: ConversationSummary[];
  operators: OperatorPresence[];
  me: OperatorIdentity;
}

export function readInboxList(r: Record<string, unknown>): InboxList {
  const conversations = list(r.conversations, 'inbox-list.conversations', MAX_CONVERSATIONS).map((c, i) => readSummary(c, `inbox-list.conversations[${i}]`));
  const operators = list(r.operators ?? [], 'inbox-list.operators', MAX_OPERATORS).map((p, i) => readPresence(p, `inbox-list.operators[${i}]`));
  return { conversations, operators, me: readIdentity(r.me, 'inbox-list.me') };
}

export const readConversationAck = (r: Record<string, unknown>): ConversationDetail => readDetail(r.conversation);
export const readSummaryAck = (r: Record<string, unknown>): ConversationSummary => readSummary(r.summary);

export function readReplyAck(r: Record<string, unknown>): { id: string; seq: number } {
  return { id: identifier(r.id, 'reply ack.id'), seq: count(r.seq, 'reply ack.seq') };
}

/**
 * Catalog results are product cards, read by the same rules as the cards of a response (the
 * protocol module keeps its product reader private, so they go through it as one products block).
 */
export function readCatalogItems(r: Record<string, unknown>): ProductItem[] {
  const items = list(r.items, 'catalog-search.items', DEFAULT_LIMITS.maxBlockItems);
  if (items.length === 0) return [];
  const carrier = { success: true, id: 'catalog', seq: 0, sessionId: 'catalog', timestamp: 0, blocks: [{ type: 'products', items }] };
  const block = response(carrier, 'catalog-search').blocks?.[0];
  return block?.type === 'products' ? block.items : [];
}

/** `POST <inboxPath>/api/login`'s answer. */
export interface LoginAnswer {
  token: string;
  operator: OperatorIdentity;
  expiresAt: number;
}

export function readLogin(value: unknown): LoginAnswer {
  const r = fields(value, 'login', ['token', 'operator', 'expiresAt']);
  return {
    token: string(r.token, 'login.token', { min: 1, max: 4096 }),
    operator: readIdentity(r.operator, 'login.operator'),
    expiresAt: time(r.expiresAt, 'login.expiresAt'),
  };
}
