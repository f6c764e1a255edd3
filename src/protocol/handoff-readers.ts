import { ProtocolFailure } from './errors.js';
import { HANDOFF_MODES, type HandoffAck, type HandoffState, type ShopperPresence } from './handoff.js';
import { parseSimpleAck } from './validate.js';
import { boolean, fail, fields, identifier, number, oneOf, optionalNumber, string } from './readers.js';

/**
 * Readers for the hand-off extension's server-to-shopper events (`handoff-state`, `presence`, the
 * operator in `agent-typing`). They live apart from validate.ts so only the hand-off chunk carries them.
 */

export type HandoffParsed<T> = { ok: true; value: T } | { ok: false; error: ProtocolFailure };

/** Longest operator name shown; a longer one is refused rather than laid out over the panel. */
const MAX_NAME = 80;
/** A day: a longer "expected wait" is no estimate at all. */
const MAX_WAIT_MS = 86_400_000;

function attempt<T>(read: () => T): HandoffParsed<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error: error instanceof ProtocolFailure ? error : new ProtocolFailure('invalid', 'payload could not be read') };
  }
}

function operatorName(value: unknown, path: string): string {
  const name = string(value, path, { min: 1, max: MAX_NAME }).trim();
  return name === '' ? fail(path, 'must not be blank') : name;
}

export function parseHandoffState(input: unknown): HandoffParsed<HandoffState> {
  return attempt(() => {
    const path = 'handoff-state';
    const r = fields(input, path, ['sessionId', 'mode', 'operator', 'expectedWaitMs', 'open', 'askContact', 'contactLeft', 'updatedAt']);
    const state: HandoffState = {
      sessionId: identifier(r.sessionId, `${path}.sessionId`),
      mode: oneOf(r.mode, `${path}.mode`, HANDOFF_MODES),
      open: boolean(r.open, `${path}.open`),
      askContact: boolean(r.askContact, `${path}.askContact`),
      contactLeft: boolean(r.contactLeft, `${path}.contactLeft`),
      updatedAt: number(r.updatedAt, `${path}.updatedAt`, { min: 0 }),
    };
    if (r.operator !== undefined && r.operator !== null) {
      state.operator = { name: operatorName(fields(r.operator, `${path}.operator`, ['name']).name, `${path}.operator.name`) };
    }
    const wait = optionalNumber(r.expectedWaitMs, `${path}.expectedWaitMs`, { min: 0, max: MAX_WAIT_MS });
    if (wait !== undefined) state.expectedWaitMs = wait;
    return state;
  });
}

export function parseShopperPresence(input: unknown): HandoffParsed<ShopperPresence> {
  return attempt(() => {
    const r = fields(input, 'presence', ['available', 'expectedWaitMs']);
    const presence: ShopperPresence = { available: boolean(r.available, 'presence.available') };
    const wait = optionalNumber(r.expectedWaitMs, 'presence.expectedWaitMs', { min: 0, max: MAX_WAIT_MS });
    if (wait !== undefined) presence.expectedWaitMs = wait;
    return presence;
  });
}

/** `agent-typing` as the hand-off sees it: who types, when it is an operator. */
export function parseOperatorTyping(input: unknown): HandoffParsed<{ sessionId: string; typing: boolean; operator?: string }> {
  return attempt(() => {
    const r = fields(input, 'agent-typing', ['sessionId', 'typing', 'author']);
    const out: { sessionId: string; typing: boolean; operator?: string } = {
      sessionId: identifier(r.sessionId, 'agent-typing.sessionId'),
      typing: boolean(r.typing, 'agent-typing.typing'),
    };
    if (r.author !== undefined && r.author !== null) {
      const author = fields(r.author, 'agent-typing.author', ['kind', 'name']);
      if (author.kind === 'operator') out.operator = operatorName(author.name, 'agent-typing.author.name');
    }
    return out;
  });
}

/** The `handoff-request` ack: the state on success, the refusal otherwise (read like any simple ack). */
export function parseHandoffAck(input: unknown): HandoffParsed<HandoffAck> {
  return attempt(() => {
    const r = fields(input, 'handoff ack', ['ok', 'state', 'error']);
    if (r.ok === true) {
      const state = parseHandoffState(r.state);
      if (!state.ok) throw state.error;
      return { ok: true, state: state.value };
    }
    const simple = parseSimpleAck(input);
    if (!simple.ok) throw simple.error;
    if (simple.value.ok) return fail('handoff ack.ok', 'expected true or false');
    return simple.value;
  });
}
