import type { HandoffState } from '../../protocol/handoff.js';
import type { ConversationStore } from './conversation-store.js';
import type { PushSubscriptionStore } from './push/subscription-store.js';
import type { VapidOptions } from './push/vapid.js';
import type { InboxRoute, OpeningHours, OperatorAuthenticator, OperatorNotifier, PresenceRegistry } from './contracts.js';

/**
 * `createChatServer({ handoff })`: a person from the store can take over conversations
 * (docs/HANDOFF.md). Without it there is no hand-off and no `/operators` namespace.
 */
export interface HandoffOptions {
  /** Verifies the tokens operators connect to `/operators` with. Required. */
  operators: OperatorAuthenticator;
  /**
   * Operators' presence across tabs and processes. @default a registry of this process's own
   * operator connections (not shared: give a Redis registry when several processes serve)
   */
  presence?: PresenceRegistry;
  /** Tells operators outside the inbox (Web Push). @default none: only the open inbox hears */
  notifier?: OperatorNotifier;
  /**
   * Where the chat server serves the operator inbox: the page at `<inboxPath>/`, sign-in at
   * `<inboxPath>/api/login` (for `operators`' own sign-in) and, with `push`, `<inboxPath>/api/push`.
   * `false` serves none of them (a store that signs operators in elsewhere and hosts its own page).
   * @default '/inbox'
   */
  inboxPath?: string | false;
  /**
   * Web Push to operators whose inbox is closed: the server's VAPID keys (`generateVapidKeys`),
   * whether notifications show the shopper's words, and where devices are kept.
   * @default none: the inbox alerts only while it is open
   */
  push?: HandoffPushOptions;
  /** More routes served before the inbox's own (a store's own page, say). @default none */
  inbox?: InboxRoute;
  /** When the store has people to answer. @default always open */
  hours?: OpeningHours;
  /**
   * More patterns of messages that ask for a person, tested against the text lower-cased with
   * accents removed; the built-in ones (en, fr, de, es, ar) stay. @default []
   */
  phrases?: readonly RegExp[];
  /** The text that answers a hand-off. @default a short text in the shopper's locale (en, fr, de, es, ar) */
  waitText?: (state: HandoffState, locale: string | undefined) => string;
  /**
   * Where conversations (modes, claims, transcripts) live. @default a RedisConversationStore on the
   * server's Redis when `redis` is set, else a MemoryConversationStore
   */
  store?: ConversationStore;
  /**
   * How long the default Redis store keeps a conversation nobody touched (record and transcript).
   * @default 604800000 (7 days)
   */
  conversationTtlMs?: number;
  /** Claim delays the expected wait is the median of. @default 20 */
  waitSamples?: number;
}

/** `HandoffOptions.push`. */
export interface HandoffPushOptions {
  /** The server's VAPID keys and contact; checked at start. */
  vapid: VapidOptions;
  /** Show the shopper's words in notifications (they pass through the push service). @default false */
  preview?: boolean;
  /** Where operators' devices are kept. @default RedisPushSubscriptions on the server's Redis when `redis` is set, else MemoryPushSubscriptions */
  subscriptions?: PushSubscriptionStore;
}
