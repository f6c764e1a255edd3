import type { Block, ChatContext, ChatResponse, ProtocolError, SimpleAck } from './types.js';

/**
 * Wire protocol v1, hand-off extension: a person from the store takes over a conversation.
 * Shopper side on the default namespace (next to `chat-message`), operator side on the
 * `/operators` namespace of the same server. See docs/HANDOFF.md for the rules.
 */

// ---- shopper side --------------------------------------------------------------------------------

/**
 * Who answers the conversation now:
 * - `assistant`: the responder (the default);
 * - `waiting`: handed off, no operator has taken it yet;
 * - `operator`: an operator has claimed it and answers it.
 */
export type HandoffMode = 'assistant' | 'waiting' | 'operator';

export const HANDOFF_MODES: readonly HandoffMode[] = ['assistant', 'waiting', 'operator'];

/** Why a conversation was handed off. */
export type HandoffReason = 'shopper' | 'phrase' | 'responder' | 'operator';

/** `handoff-state`, also carried by the `session-sync` ack: where the shopper's conversation stands. */
export interface HandoffState {
  sessionId: string;
  mode: HandoffMode;
  /** The operator answering, in `operator` mode: a display name only, never an id or an email. */
  operator?: { name: string };
  /** In `waiting` mode while operators are online: the expected wait, milliseconds. */
  expectedWaitMs?: number;
  /** Whether the store is within its opening hours now (always true without configured hours). */
  open: boolean;
  /** In `waiting` mode outside opening hours (or with nobody online): ask the shopper for an email. */
  askContact: boolean;
  /** The shopper already left an email address (the address itself never goes back to the page). */
  contactLeft: boolean;
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
}

/** `presence` (server to shopper): whether a person can answer now, before the shopper asks. */
export interface ShopperPresence {
  /** At least one operator is online (not away) and the store is open. */
  available: boolean;
  /** Expected wait for a person when `available`, milliseconds. */
  expectedWaitMs?: number;
}

/** `handoff-request` (shopper to server, with ack): the shopper asks for a person. Idempotent by `id`. */
export interface HandoffRequest {
  /** UUID made once and reused on retries. */
  id: string;
  sessionId: string;
}

export type HandoffAck = { ok: true; state: HandoffState } | { ok: false; error: ProtocolError };

/** `handoff-contact` (shopper to server, with ack `SimpleAck`): an email for a reply outside opening hours. */
export interface HandoffContact {
  sessionId: string;
  /** Validated on the server (`invalid` when it is not an address). */
  email: string;
}

/** `seen` (shopper to server, no ack): the shopper has seen responses up to `seq`. */
export interface SeenNotice {
  sessionId: string;
  seq: number;
}

/**
 * Fields a `chat-response` written by an operator carries, on top of `ChatResponse`:
 * `provider: 'operator'` and `author`. It has no `replyTo`: an operator's reply answers the
 * conversation, not one message. Stored and numbered (`seq`) like any response.
 */
export interface OperatorAuthor {
  kind: 'operator';
  /** Display name. */
  name: string;
}

/**
 * Ack extension: `{ ok: true, id, awaiting: 'operator' }` means the message was taken and stored for
 * the operators; no automatic answer will come, so the widget must not watch for one.
 */
export type AwaitingKind = 'operator';

/**
 * A block or flag by which a responder hands off: a `{ type: 'handoff', reason? }` item in a
 * streamed answer (never sent to the widget), or `handoff: true` on a `ResponseBody`.
 */
export interface HandoffBlock {
  type: 'handoff';
  /** Shown to operators, never to the shopper. */
  reason?: string;
}

// ---- operator side (`/operators` namespace) ------------------------------------------------------

/** An operator as the server knows them once signed in. */
export interface OperatorIdentity {
  /** Stable id: `op:<login>` for configured operators, `op:<id>` for tokens signed by the store. */
  id: string;
  name: string;
}

/** Presence of one operator, all tabs and devices together. */
export type PresenceState = 'online' | 'away' | 'offline';

export interface OperatorPresence {
  operatorId: string;
  name: string;
  state: PresenceState;
  /** Epoch milliseconds of the last change. */
  since: number;
}

/** One line of a conversation's history as operators see it. */
export type TranscriptEntry =
  | { kind: 'shopper'; id: string; text: string; at: number; face?: true }
  | { kind: 'assistant'; response: ChatResponse }
  | { kind: 'operator'; response: ChatResponse; operatorId: string }
  | { kind: 'event'; at: number; event: 'handoff' | 'claimed' | 'released' | 'handed-back' | 'contact-left'; by?: string; reason?: HandoffReason | string };

/** A conversation in the inbox list. */
export interface ConversationSummary {
  sessionId: string;
  mode: HandoffMode;
  /** Operator id of the claimant in `operator` mode. */
  assignee?: string;
  assigneeName?: string;
  /** Epoch ms when the conversation was handed off (waiting since), for the `waiting` ordering. */
  handedOffAt?: number;
  /** Epoch ms of the last entry. */
  lastAt: number;
  /** Short preview of the last entry's text. */
  preview: string;
  /** Shopper entries the signed-in operator has not seen yet. */
  unread: number;
  /** Highest response `seq` the shopper has seen (their "seen" marker). */
  shopperSeenSeq: number;
  /** The shopper's email when they left one. Operators only. */
  contact?: string;
  /** The page and cart context the widget sent. */
  context: ChatContext;
}

/** Full history of one conversation. */
export interface ConversationDetail {
  summary: ConversationSummary;
  entries: TranscriptEntry[];
}

export type OperatorAck<T> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

/** Operator handshake `auth`: a session token from the login endpoint, or one signed by the store's backend. */
export interface OperatorHandshakeAuth {
  token: string;
}

export interface OperatorReply {
  /** UUID made once and reused on retries: the idempotency key. */
  id: string;
  sessionId: string;
  text: string;
  blocks?: Block[];
}

export interface ServerToOperatorEvents {
  /** A conversation's summary changed (new, handed off, claimed, new entry, seen...). */
  'conversation-updated': (summary: ConversationSummary) => void;
  /** A new history entry in a conversation. */
  'conversation-entry': (event: { sessionId: string; entry: TranscriptEntry }) => void;
  'shopper-typing': (event: { sessionId: string; typing: boolean }) => void;
  /** Presence of an operator changed. */
  'presence-updated': (presence: OperatorPresence) => void;
  /** Another operator is typing in a conversation (so two do not answer at once). */
  'operator-typing': (event: { sessionId: string; operatorId: string; typing: boolean }) => void;
  /** The session token expires soon or has expired: sign in again. */
  'session-expired': () => void;
}

export interface OperatorToServerEvents {
  'inbox-list': (request: Record<string, never>, ack: (ack: OperatorAck<{ conversations: ConversationSummary[]; operators: OperatorPresence[]; me: OperatorIdentity }>) => void) => void;
  'conversation-open': (request: { sessionId: string }, ack: (ack: OperatorAck<{ conversation: ConversationDetail }>) => void) => void;
  claim: (request: { sessionId: string }, ack: (ack: OperatorAck<{ summary: ConversationSummary }>) => void) => void;
  release: (request: { sessionId: string }, ack: (ack: OperatorAck<{ summary: ConversationSummary }>) => void) => void;
  'hand-back': (request: { sessionId: string }, ack: (ack: OperatorAck<{ summary: ConversationSummary }>) => void) => void;
  reply: (reply: OperatorReply, ack: (ack: OperatorAck<{ id: string; seq: number; duplicate?: boolean }>) => void) => void;
  /** Marks the conversation read up to now for this operator. */
  'mark-read': (request: { sessionId: string }, ack: (ack: SimpleAck) => void) => void;
  typing: (event: { sessionId: string; typing: boolean }) => void;
  'catalog-search': (request: { query: string; limit?: number }, ack: (ack: OperatorAck<{ items: import('./types.js').ProductItem[] }>) => void) => void;
  /** This tab is visible and active (`online`) or idle/hidden (`away`). */
  presence: (event: { state: 'online' | 'away' }) => void;
}

// The extension's additions to the v1 maps and responses, declared here (merged into types.ts's
// interfaces) so that types.ts, which this file builds on, does not import it back.
declare module './types.js' {
  interface ChatResponse {
    /** Hand-off: the operator who wrote it (`provider: 'operator'`). */
    author?: OperatorAuthor;
  }
  interface ServerToClientEvents {
    /** Where the conversation stands with the store's staff. */
    'handoff-state': (state: HandoffState) => void;
    /** Whether a person can answer, on connect and on each change. */
    presence: (presence: ShopperPresence) => void;
  }
  interface ClientToServerEvents {
    'handoff-request': (request: HandoffRequest, ack: (ack: HandoffAck) => void) => void;
    'handoff-contact': (contact: HandoffContact, ack: (ack: SimpleAck) => void) => void;
    seen: (notice: SeenNotice) => void;
  }
}
