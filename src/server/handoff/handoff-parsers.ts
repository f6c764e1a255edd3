import type { HandoffContact, HandoffRequest, OperatorReply, SeenNotice } from '../../protocol/handoff.js';
import { ProtocolFailure, parseChatResponse, readers, type ProtocolLimits } from '../../protocol/index.js';

const { boolean, fail, fields, identifier, number, oneOf, optionalNumber, string } = readers;

/**
 * Parsers of the hand-off events both namespaces receive. Like the protocol's own, each takes
 * `unknown` and returns a fresh typed value or a `ProtocolFailure` naming the field; anything a
 * reader throws that is not one (a hostile getter) is `invalid` too.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; error: ProtocolFailure };

function reading<T>(read: () => T): Read<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error: error instanceof ProtocolFailure ? error : new ProtocolFailure('invalid', 'payload could not be read') };
  }
}

/** Longest email address (RFC 5321's path limit). */
const MAX_EMAIL = 254;
/** Longest catalog query an operator may send. */
const MAX_QUERY = 200;
/** Most cards one catalog search returns. */
export const MAX_SEARCH_ITEMS = 24;

export const readHandoffRequest = (input: unknown): Read<HandoffRequest> => reading(() => {
  const r = fields(input, 'handoff-request', ['id', 'sessionId']);
  return { id: identifier(r.id, 'handoff-request.id'), sessionId: identifier(r.sessionId, 'handoff-request.sessionId') };
});

export const readSeen = (input: unknown): Read<SeenNotice> => reading(() => {
  const r = fields(input, 'seen', ['sessionId', 'seq']);
  return { sessionId: identifier(r.sessionId, 'seen.sessionId'), seq: number(r.seq, 'seen.seq', { integer: true, min: 0 }) };
});

/**
 * An email address as far as it can be told without sending mail: one `@`, something before it,
 * a domain with a dot and no empty label, no spaces or control characters, at most 254 characters.
 * Deliberately loose beyond that (quoted local parts and international domains pass): a refused
 * real address costs the store a customer, an accepted typo only an unanswered mail.
 */
export const readHandoffContact = (input: unknown): Read<HandoffContact> => reading(() => {
  const r = fields(input, 'handoff-contact', ['sessionId', 'email']);
  const sessionId = identifier(r.sessionId, 'handoff-contact.sessionId');
  const email = string(r.email, 'handoff-contact.email', { min: 3, max: MAX_EMAIL }).trim();
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(email)) fail('handoff-contact.email', 'must not contain spaces or control characters');
  const parts = email.split('@');
  if (parts.length !== 2 || parts[0] === '') fail('handoff-contact.email', 'expected one @ with a name before it');
  const labels = parts[1]!.split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) fail('handoff-contact.email', 'expected a domain with a dot');
  return { sessionId, email };
});

/** `inbox-list` takes no fields, but still an object: anything else is a client bug or a probe. */
export const readNoFields = (input: unknown, event: string): Read<Record<string, never>> => reading(() => {
  fields(input, event, []);
  return {};
});

export const readSessionRequest = (input: unknown, event: string): Read<{ sessionId: string }> => reading(() => {
  const r = fields(input, event, ['sessionId']);
  return { sessionId: identifier(r.sessionId, `${event}.sessionId`) };
});

export const readTyping = (input: unknown): Read<{ sessionId: string; typing: boolean }> => reading(() => {
  const r = fields(input, 'typing', ['sessionId', 'typing']);
  return { sessionId: identifier(r.sessionId, 'typing.sessionId'), typing: boolean(r.typing, 'typing.typing') };
});

export const readPresence = (input: unknown): Read<{ state: 'online' | 'away' }> => reading(() => {
  const r = fields(input, 'presence', ['state']);
  return { state: oneOf(r.state, 'presence.state', ['online', 'away'] as const) };
});

export const readCatalogSearch = (input: unknown): Read<{ query: string; limit: number }> => reading(() => {
  const r = fields(input, 'catalog-search', ['query', 'limit']);
  const query = string(r.query, 'catalog-search.query', { min: 1, max: MAX_QUERY, tooLong: 'too_large' });
  return { query, limit: optionalNumber(r.limit, 'catalog-search.limit', { integer: true, min: 1, max: MAX_SEARCH_ITEMS }) ?? 8 };
});

/**
 * An operator's reply, held to what a response may carry: text up to `maxResponseLength`, blocks
 * through the widget's own response parser, so a card the widget would drop is refused here,
 * where the operator can be told.
 */
export const readOperatorReply = (input: unknown, limits: ProtocolLimits): Read<OperatorReply> => reading(() => {
  const r = fields(input, 'reply', ['id', 'sessionId', 'text', 'blocks']);
  const reply: OperatorReply = {
    id: identifier(r.id, 'reply.id'),
    sessionId: identifier(r.sessionId, 'reply.sessionId'),
    text: string(r.text ?? '', 'reply.text', { max: limits.maxResponseLength, tooLong: 'too_large' }),
  };
  if (r.blocks !== undefined && r.blocks !== null) {
    const parsed = parseChatResponse({ success: true, id: reply.id, seq: 0, sessionId: reply.sessionId, timestamp: 1, blocks: r.blocks }, limits);
    if (!parsed.ok) throw parsed.error;
    if (parsed.dropped.length > 0) fail('reply.blocks', parsed.dropped[0]!);
    if (parsed.value.blocks !== undefined && parsed.value.blocks.length > 0) reply.blocks = parsed.value.blocks;
  }
  if (reply.text.trim() === '' && reply.blocks === undefined) fail('reply.text', 'must not be blank without blocks');
  return reply;
});
