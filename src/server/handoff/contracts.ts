import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperatorIdentity, OperatorPresence, PresenceState } from '../../protocol/handoff.js';

/**
 * The seams of the hand-off feature (docs/HANDOFF.md): the chat server's hand-off desk talks to
 * operator sign-in, presence, notifications and the inbox page only through these, so each can be
 * replaced (a store's own SSO, its own push service) and tested on its own.
 */

/** A signed-in operator and when their session ends. */
export interface OperatorSession extends OperatorIdentity {
  /** Epoch milliseconds after which the token is refused. */
  expiresAt: number;
}

/** Checks operator credentials and the tokens the inbox connects with. */
export interface OperatorAuthenticator {
  /**
   * The operator a token stands for, or null for a forged, expired or malformed token. Accepts the
   * tokens `login` issues and, when the store's secret is configured, tokens its backend signs.
   */
  verify(token: string): Promise<OperatorSession | null>;
  /**
   * Signs a configured operator in: a session token, or null for a wrong login or password (the
   * same answer for both, in about the same time, so logins cannot be probed).
   */
  login(login: string, password: string): Promise<{ token: string; session: OperatorSession } | null>;
}

/** Operators' presence across their tabs and devices, and across server processes when shared. */
export interface PresenceRegistry {
  /** One connection (tab) of `operator` is now `state`; called on connect and on each change. */
  set(operator: OperatorIdentity, connectionId: string, state: Exclude<PresenceState, 'offline'>): Promise<void>;
  /** The connection closed. */
  remove(operatorId: string, connectionId: string): Promise<void>;
  /** Every operator seen recently, each with the best state of their connections (online > away > offline). */
  list(): Promise<OperatorPresence[]>;
  /** Called with an operator's aggregate presence whenever it changes, in any process. Returns an unsubscribe. */
  onChange(listener: (presence: OperatorPresence) => void): () => void;
  /** Stops timers and subscriptions; connections this process held count as gone. */
  close(): Promise<void>;
}

/** Something for operators to be told about while their inbox may be closed. */
export interface OperatorNotice {
  kind: 'waiting' | 'shopper-message';
  sessionId: string;
  /** Short text without personal data beyond what the shopper typed. */
  preview: string;
  /** Who to tell: the assignee for a shopper message, every operator for a new waiting conversation. */
  operatorIds: readonly string[] | 'all';
}

/** Tells operators outside the inbox page (Web Push). */
export interface OperatorNotifier {
  notify(notice: OperatorNotice): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves the inbox page and its assets under a path. Returns true when it answered the request,
 * false to let the chat server go on (not one of its paths).
 */
export type InboxRoute = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;

/** When people are at the store to answer. */
export interface OpeningHours {
  isOpen(nowMs: number): boolean;
}
