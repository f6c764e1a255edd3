/**
 * `ai-discovery-widget/server`: the reference chat server for protocol v1. Node only; it imports
 * the shared protocol module and nothing browser-side.
 */
export { createChatServer } from './chat-server.js';
export { hmacIdentityVerifier, signIdentity, type HmacIdentityOptions } from './auth/hmac-identity.js';
export { shopifyAppProxyVerifier, type ShopifyAppProxyOptions } from './auth/shopify-app-proxy.js';
export { chatServerOptionsFromEnv } from './config/env-options.js';
export type { Env } from './config/env-variables.js';
export { ConfigError } from './config/env-readers.js';
export { FACE_ANALYSIS_TEXT, describeFace } from './answering/face-message.js';
export { httpResponder, type HttpResponderOptions } from './responders/http-responder.js';
export { openAiResponder, type OpenAiResponderOptions } from './responders/openai-responder.js';
export { ToolInputError, type ResponderTool, type ToolResult } from './responders/tool-calls.js';
export { withCatalogContext, withFallback, type CatalogContextOptions } from './responders/compose.js';
export { UpstreamRefused } from './responders/upstream.js';
export { jsonLogger, type ChatLogger, type LogEntry, type LogLevel } from './operations/logger.js';
export type { BucketRule } from './guards/rate-limiter.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './sessions/memory-store.js';
export { RedisSessionStore, type RedisCommandClient, type RedisSessionStoreOptions } from './sessions/redis-store.js';
export { RedisPersistenceError } from './sessions/redis-persistence.js';
export { ResponseAborted, type AbortKind } from './answering/session-queue.js';
export { SessionStoreFull } from './sessions/session-store.js';
// Hand-off to the store's team: the desk's options and conversation stores (seams in handoff/contracts).
export type { HandoffOptions, HandoffPushOptions } from './handoff/handoff-options.js';
export { chainRoutes, createInboxRoutes, type InboxRoutesOptions } from './handoff/inbox-routes.js';
export { createInboxRoute, InboxRouteError, type InboxRouteOptions } from './handoff/inbox-route.js';
export type { InboxRoute, OpeningHours, OperatorAuthenticator, OperatorNotice, OperatorNotifier, OperatorSession, PresenceRegistry } from './handoff/contracts.js';
export type { AppendResult, ConversationRecord, ConversationStore } from './handoff/conversation-store.js';
export { MemoryConversationStore, type MemoryConversationStoreOptions } from './handoff/memory-conversations.js';
export { RedisConversationStore, type RedisConversationStoreOptions } from './handoff/redis-conversations.js';
// The catalog: model, connectors, sync, search, responder, FAQ and the model's tools.
export * from './catalog/index.js';
export type {
  AuthHook, AuthResult, ChatIoServer, ChatServer, ChatServerOptions, ChatSocket, ChatSocketData, ConversationTurn, RateLimitOptions, RedisScaleOptions, RespondContext, Responder,
  LeasedMessage, ResponseBody, SessionOpening, SessionStore, SessionWindowRule, ShopperMessage, StoredAnswer, TakenOver,
} from './types.js';
export { openingHours, type OpeningHoursOptions, type TimeRange, type Weekday } from './handoff/hours/opening-hours.js';
export { operatorAuth, type ConfiguredOperator, type OperatorAuthOptions } from './handoff/auth/operator-auth.js';
export { hashOperatorPassword, type HashPasswordOptions } from './handoff/auth/passwords.js';
export { signOperatorToken, type StoreOperator } from './handoff/auth/store-token.js';
export { LoginRateLimited } from './handoff/auth/login-rate-limited.js';
export { createOperatorLoginRoute, type OperatorLoginRouteOptions } from './handoff/auth/login-route.js';
export { MemoryPresenceRegistry, type MemoryPresenceRegistryOptions } from './handoff/presence/memory-presence.js';
export { RedisPresenceRegistry, type HeartbeatTimers, type PresenceSubscriber, type RedisPresenceRegistryOptions } from './handoff/presence/redis-presence.js';
// Web Push for operators of the hand-off inbox.
export * from './handoff/push/index.js';
