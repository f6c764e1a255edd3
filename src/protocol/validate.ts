import { ProtocolFailure } from './errors.js';
import { withLimits, type ProtocolLimits } from './limits.js';
import {
  boolean, fail, fields, identifier, json, list, number, oneOf, optionalBoolean, optionalNumber,
  optionalString, record, string, time,
} from './readers.js';
import {
  ERROR_CODES, FACE_QUALITIES, FACE_SHAPES, SKIN_TONE_BANDS,
  type ActionItem, type AgentTyping, type Block, type ChatCancel, type ChatContext, type ChatMessage,
  type ChatResponse, type ChatResponseChunk, type ContextUpdate, type FaceAnalysisRequest, type FaceAttributes,
  type HandshakeAuth, type MessageAck, type ProductItem, type ProtocolError, type SessionSyncAck,
  type SessionSyncRequest, type SimpleAck, type TypingNotice,
} from './types.js';
import { safeUrl, type UrlPurpose } from './url.js';

/**
 * One parse function per payload of the contract. Each takes `unknown`, returns a fresh typed
 * value or a `ProtocolFailure` with the contract's code, and ignores fields it does not know.
 */
export type Parsed<T> = { ok: true; value: T; dropped: string[] } | { ok: false; error: ProtocolFailure };

type Reader<T> = (input: unknown, limits: ProtocolLimits, dropped: string[]) => T;

function parser<T>(read: Reader<T>) {
  return (input: unknown, limits: Partial<ProtocolLimits> = {}): Parsed<T> => {
    const dropped: string[] = [];
    try {
      return { ok: true, value: read(input, withLimits(limits), dropped), dropped };
    } catch (error) {
      if (error instanceof ProtocolFailure) return { ok: false, error };
      // Anything else (a throwing getter on a hostile object, a stack overflow) is still bad input.
      return { ok: false, error: new ProtocolFailure('invalid', 'payload could not be read') };
    }
  };
}

const SHORT = { min: 1, max: 256 };
const LABEL = { min: 1, max: 200 };

function context(value: unknown, path: string, limits: ProtocolLimits): ChatContext {
  const copy = json(value, path, { maxDepth: limits.maxDepth, maxKeys: limits.maxKeys, maxSize: limits.maxContextSize });
  return record(copy, path) as ChatContext;
}

function protocolError(value: unknown, path: string): ProtocolError {
  const r = fields(value, path, ['code', 'message', 'retryAfterMs']);
  const code = ERROR_CODES.includes(r.code as never) ? (r.code as ProtocolError['code']) : 'internal';
  const message = typeof r.message === 'string' ? r.message.slice(0, 500) : code;
  const retryAfterMs = optionalNumber(r.retryAfterMs, `${path}.retryAfterMs`, { min: 0, max: 86_400_000 });
  return retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs };
}

function url(value: unknown, path: string, purpose: UrlPurpose): string {
  const safe = safeUrl(string(value, path, { min: 1, max: 2048 }), purpose);
  return safe ?? fail(path, 'URL scheme not allowed');
}

/**
 * Reads each element of a list, keeping the good ones: one bad product card should not cost the
 * shopper the rest of an answer. What was dropped is reported so the widget can raise `error`.
 */
function each<T>(items: unknown[], path: string, dropped: string[], read: (v: unknown, p: string) => T): T[] {
  const out: T[] = [];
  items.forEach((item, i) => {
    try {
      out.push(read(item, `${path}[${i}]`));
    } catch (error) {
      if (!(error instanceof ProtocolFailure)) throw error;
      dropped.push(error.message);
    }
  });
  return out;
}

function product(value: unknown, path: string): ProductItem {
  const r = fields(value, path, ['id', 'title', 'url', 'price', 'image', 'variantId', 'available']);
  const item: ProductItem = {
    id: string(r.id, `${path}.id`, SHORT),
    title: string(r.title, `${path}.title`, { min: 1, max: 300 }),
    url: url(r.url, `${path}.url`, 'link'),
  };
  if (r.price !== undefined && r.price !== null) {
    const p = fields(r.price, `${path}.price`, ['amount', 'currency']);
    const raw = typeof p.amount === 'string' && /^\d+(\.\d+)?$/.test(p.amount) ? Number(p.amount) : p.amount;
    const currency = string(p.currency, `${path}.price.currency`, { min: 3, max: 3 }).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) fail(`${path}.price.currency`, 'expected an ISO 4217 code');
    item.price = { amount: number(raw, `${path}.price.amount`, { min: 0 }), currency };
  }
  if (r.image !== undefined && r.image !== null) {
    const img = fields(r.image, `${path}.image`, ['url', 'alt']);
    item.image = { url: url(img.url, `${path}.image.url`, 'image') };
    const alt = optionalString(img.alt, `${path}.image.alt`, { max: 300 });
    if (alt !== undefined) item.image.alt = alt;
  }
  const variantId = optionalString(r.variantId ?? undefined, `${path}.variantId`, SHORT);
  if (variantId !== undefined) item.variantId = variantId;
  const available = optionalBoolean(r.available, `${path}.available`);
  if (available !== undefined) item.available = available;
  return item;
}

function action(value: unknown, path: string): ActionItem {
  const r = fields(value, path, ['label', 'kind', 'url', 'value']);
  const item: ActionItem = { label: string(r.label, `${path}.label`, LABEL), kind: oneOf(r.kind, `${path}.kind`, ['link', 'login', 'message'] as const) };
  if (item.kind === 'message') item.value = string(r.value ?? item.label, `${path}.value`, { min: 1, max: 4000 });
  else item.url = url(r.url, `${path}.url`, 'link');
  return item;
}

function block(value: unknown, path: string, limits: ProtocolLimits, dropped: string[]): Block {
  const r = fields(value, path, ['type', 'items', 'options', 'url', 'alt']);
  const max = limits.maxBlockItems;
  switch (r.type) {
    case 'products': {
      const items = each(list(r.items, `${path}.items`, max), `${path}.items`, dropped, product);
      if (items.length === 0) fail(`${path}.items`, 'no valid product');
      return { type: 'products', items };
    }
    case 'quick-replies': {
      const options = each(list(r.options, `${path}.options`, max), `${path}.options`, dropped, (v, p) => {
        const o = fields(v, p, ['label', 'value']);
        const label = string(o.label, `${p}.label`, LABEL);
        return { label, value: string(o.value ?? label, `${p}.value`, { min: 1, max: 4000 }) };
      });
      if (options.length === 0) fail(`${path}.options`, 'no valid option');
      return { type: 'quick-replies', options };
    }
    case 'image': {
      const alt = optionalString(r.alt, `${path}.alt`, { max: 300 });
      const img: Block = { type: 'image', url: url(r.url, `${path}.url`, 'image') };
      if (alt !== undefined) img.alt = alt;
      return img;
    }
    case 'actions': {
      const items = each(list(r.items, `${path}.items`, max), `${path}.items`, dropped, action);
      if (items.length === 0) fail(`${path}.items`, 'no valid action');
      return { type: 'actions', items };
    }
    default:
      return fail(`${path}.type`, 'unknown block type');
  }
}

function readResponse(input: unknown, limits: ProtocolLimits, dropped: string[], path = 'chat-response'): ChatResponse {
  const r = fields(input, path, ['success', 'id', 'seq', 'sessionId', 'timestamp', 'replyTo', 'response', 'blocks', 'provider', 'author', 'error', 'cancelled', 'requiresAuth', 'authUrl', 'ephemeral']);
  const out: ChatResponse = {
    success: boolean(r.success, `${path}.success`),
    id: identifier(r.id, `${path}.id`),
    seq: number(r.seq, `${path}.seq`, { integer: true, min: 0 }),
    sessionId: identifier(r.sessionId, `${path}.sessionId`),
    timestamp: time(r.timestamp, `${path}.timestamp`),
  };
  if (r.replyTo !== undefined && r.replyTo !== null) out.replyTo = identifier(r.replyTo, `${path}.replyTo`);
  const text = optionalString(r.response, `${path}.response`, { max: limits.maxResponseLength, tooLong: 'too_large' });
  if (text !== undefined) out.response = text;
  if (r.blocks !== undefined && r.blocks !== null) {
    out.blocks = each(list(r.blocks, `${path}.blocks`, limits.maxBlockItems), `${path}.blocks`, dropped, (v, p) => block(v, p, limits, dropped));
  }
  // Informational only: an overlong name is cut rather than costing the shopper the answer.
  if (typeof r.provider === 'string' && r.provider !== '') out.provider = r.provider.slice(0, 100);
  if (r.author !== undefined && r.author !== null) {
    // Only operators are authors (hand-off): the name is all there is to read.
    out.author = { kind: 'operator', name: string(fields(r.author, `${path}.author`, ['name']).name, `${path}.author.name`, { min: 1, max: 80 }) };
  }
  if (r.error !== undefined && r.error !== null) out.error = protocolError(r.error, `${path}.error`);
  if (r.cancelled === true) out.cancelled = true;
  if (r.ephemeral === true) out.ephemeral = true;
  if (r.requiresAuth === true) {
    out.requiresAuth = true;
    const authUrl = typeof r.authUrl === 'string' ? safeUrl(r.authUrl, 'link') : undefined;
    if (authUrl) out.authUrl = authUrl;
    else if (r.authUrl !== undefined && r.authUrl !== null) dropped.push(`${path}.authUrl: URL scheme not allowed`);
  }
  return out;
}

// ---- client to server -------------------------------------------------------------------------

export const parseHandshakeAuth = parser<HandshakeAuth>((input) => {
  const r = fields(input ?? {}, 'auth', ['sessionId', 'client', 'token', 'lastSeq']);
  const auth: HandshakeAuth = { sessionId: identifier(r.sessionId, 'auth.sessionId'), client: string(r.client ?? 'unknown', 'auth.client', { max: 100 }) };
  const token = optionalString(r.token, 'auth.token', { max: 4096 });
  if (token !== undefined) auth.token = token;
  const lastSeq = optionalNumber(r.lastSeq, 'auth.lastSeq', { integer: true, min: 0 });
  if (lastSeq !== undefined) auth.lastSeq = lastSeq;
  return auth;
});

export const parseChatMessage = parser<ChatMessage>((input, limits) => {
  const r = fields(input, 'chat-message', ['id', 'sessionId', 'text', 'sentAt', 'context']);
  const message: ChatMessage = {
    id: identifier(r.id, 'chat-message.id'),
    sessionId: identifier(r.sessionId, 'chat-message.sessionId'),
    text: string(r.text, 'chat-message.text', { min: 1, max: limits.maxTextLength, tooLong: 'too_large' }),
    sentAt: time(r.sentAt, 'chat-message.sentAt'),
  };
  if (message.text.trim() === '') fail('chat-message.text', 'must not be blank');
  if (r.context !== undefined && r.context !== null) message.context = context(r.context, 'chat-message.context', limits);
  return message;
});

export const parseChatCancel = parser<ChatCancel>((input) => {
  const r = fields(input, 'chat-cancel', ['sessionId', 'replyTo']);
  return { sessionId: identifier(r.sessionId, 'chat-cancel.sessionId'), replyTo: identifier(r.replyTo, 'chat-cancel.replyTo') };
});

export const parseSessionSync = parser<SessionSyncRequest>((input) => {
  const r = fields(input, 'session-sync', ['sessionId', 'afterSeq']);
  return { sessionId: identifier(r.sessionId, 'session-sync.sessionId'), afterSeq: number(r.afterSeq ?? 0, 'session-sync.afterSeq', { integer: true, min: 0 }) };
});

export const parseContextUpdate = parser<ContextUpdate>((input, limits) => {
  const r = fields(input, 'context-update', ['sessionId', 'context']);
  return { sessionId: identifier(r.sessionId, 'context-update.sessionId'), context: context(r.context, 'context-update.context', limits) };
});

export const parseTyping = parser<TypingNotice>((input) => {
  const r = fields(input, 'typing', ['sessionId', 'typing']);
  return { sessionId: identifier(r.sessionId, 'typing.sessionId'), typing: boolean(r.typing, 'typing.typing') };
});

/**
 * Face attributes, strictly: known values only and numbers in range, since a responder picks
 * products by them. Failure messages name the field and the rule, never the value sent: the
 * server may log them, and these values describe a shopper's face.
 */
function faceAttributes(value: unknown, path: string): FaceAttributes {
  const r = fields(value, path, ['faceShape', 'skinTone', 'confidence', 'quality']);
  const attributes: FaceAttributes = {
    confidence: number(r.confidence, `${path}.confidence`, { min: 0, max: 1 }),
    quality: oneOf(r.quality, `${path}.quality`, FACE_QUALITIES),
  };
  if (r.faceShape !== undefined && r.faceShape !== null) attributes.faceShape = oneOf(r.faceShape, `${path}.faceShape`, FACE_SHAPES);
  if (r.skinTone !== undefined && r.skinTone !== null) {
    const tone = fields(r.skinTone, `${path}.skinTone`, ['ita', 'band', 'monk']);
    attributes.skinTone = {
      ita: number(tone.ita, `${path}.skinTone.ita`, { min: -90, max: 90 }),
      band: oneOf(tone.band, `${path}.skinTone.band`, SKIN_TONE_BANDS),
      monk: number(tone.monk, `${path}.skinTone.monk`, { integer: true, min: 1, max: 10 }),
    };
  }
  return attributes;
}

export const parseFaceAttributes = parser<FaceAttributes>((input) => faceAttributes(input, 'attributes'));

export const parseFaceAnalysis = parser<FaceAnalysisRequest>((input) => {
  const r = fields(input, 'face-analysis', ['id', 'sessionId', 'attributes']);
  return {
    id: identifier(r.id, 'face-analysis.id'),
    sessionId: identifier(r.sessionId, 'face-analysis.sessionId'),
    attributes: faceAttributes(r.attributes, 'face-analysis.attributes'),
  };
});

// ---- server to client -------------------------------------------------------------------------

export const parseChatResponse = parser<ChatResponse>((input, limits, dropped) => readResponse(input, limits, dropped));

export const parseChunk = parser<ChatResponseChunk>((input, limits) => {
  const r = fields(input, 'chat-response-chunk', ['id', 'replyTo', 'sessionId', 'index', 'delta']);
  return {
    id: identifier(r.id, 'chat-response-chunk.id'),
    replyTo: identifier(r.replyTo, 'chat-response-chunk.replyTo'),
    sessionId: identifier(r.sessionId, 'chat-response-chunk.sessionId'),
    index: number(r.index, 'chat-response-chunk.index', { integer: true, min: 0, max: 1_000_000 }),
    delta: string(r.delta, 'chat-response-chunk.delta', { max: limits.maxDeltaLength, tooLong: 'too_large' }),
  };
});

export const parseAgentTyping = parser<AgentTyping>((input) => {
  const r = fields(input, 'agent-typing', ['sessionId', 'typing']);
  return { sessionId: identifier(r.sessionId, 'agent-typing.sessionId'), typing: boolean(r.typing, 'agent-typing.typing') };
});

export const parseMessageAck = parser<MessageAck>((input) => {
  const r = fields(input, 'ack', ['ok', 'id', 'duplicate', 'error', 'awaiting']);
  const id = identifier(r.id, 'ack.id');
  if (r.ok === true) return { ok: true, id, ...(r.duplicate === true && { duplicate: true }), ...(r.awaiting === 'operator' && { awaiting: 'operator' }) };
  if (r.ok === false) return { ok: false, id, error: protocolError(r.error ?? {}, 'ack.error') };
  return fail('ack.ok', 'expected true or false');
});

export const parseSimpleAck = parser<SimpleAck>((input) => {
  const r = fields(input, 'ack', ['ok', 'error']);
  if (r.ok === true) return { ok: true };
  if (r.ok === false) return { ok: false, error: protocolError(r.error ?? {}, 'ack.error') };
  return fail('ack.ok', 'expected true or false');
});

export const parseSyncAck = parser<SessionSyncAck>((input, limits, dropped) => {
  const r = fields(input, 'session-sync ack', ['ok', 'responses', 'error']);
  if (r.ok === false) return { ok: false, error: protocolError(r.error ?? {}, 'session-sync ack.error') };
  if (r.ok !== true) fail('session-sync ack.ok', 'expected true or false');
  const items = list(r.responses, 'session-sync ack.responses', limits.maxSyncResponses);
  const responses = each(items, 'session-sync ack.responses', dropped, (v, p) => readResponse(v, limits, dropped, p));
  return { ok: true, responses };
});
