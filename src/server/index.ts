/**
 * `ai-discovery-widget/server`: the reference chat server for protocol v1. Node only; it imports
 * the shared protocol module and nothing browser-side.
 */
export { createChatServer } from './chat-server.js';
export { hmacIdentityVerifier, signIdentity, type HmacIdentityOptions } from './auth/hmac-identity.js';
export { shopifyAppProxyVerifier, type ShopifyAppProxyOptions } from './auth/shopify-app-proxy.js';
export { chatServerOptionsFromEnv, type Env } from './env-options.js';
export { ConfigError } from './env-readers.js';
export { FACE_ANALYSIS_TEXT, describeFace } from './face-message.js';
export { httpResponder, type HttpResponderOptions } from './responders/http-responder.js';
export { openAiResponder, type OpenAiResponderOptions } from './responders/openai-responder.js';
export { ToolInputError, type ResponderTool, type ToolResult } from './responders/tool-calls.js';
export { withCatalogContext, withFallback, type CatalogContextOptions } from './responders/compose.js';
export { UpstreamRefused } from './responders/upstream.js';
export { jsonLogger, type ChatLogger, type LogEntry, type LogLevel } from './logger.js';
export type { BucketRule } from './rate-limiter.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './memory-store.js';
export { RedisSessionStore, type RedisCommandClient, type RedisSessionStoreOptions } from './redis-store.js';
export { RedisPersistenceError } from './redis-persistence.js';
export { ResponseAborted, type AbortKind } from './session-queue.js';
export { SessionStoreFull } from './session-store.js';
// The catalog: model, connectors, sync, search, responder, FAQ and the model's tools.
export * from './catalog/index.js';
export type {
  AuthHook, AuthResult, ChatIoServer, ChatServer, ChatServerOptions, ChatSocket, ChatSocketData, ConversationTurn, RateLimitOptions, RedisScaleOptions, RespondContext, Responder,
  LeasedMessage, ResponseBody, SessionOpening, SessionStore, SessionWindowRule, ShopperMessage, StoredAnswer, TakenOver,
} from './types.js';
