/**
 * `ai-discovery-widget/server`: the reference chat server for protocol v1. Node only; it imports
 * the shared protocol module and nothing browser-side.
 */
export { createChatServer } from './chat-server';
export { hmacIdentityVerifier, signIdentity, type HmacIdentityOptions } from './auth/hmac-identity';
export { shopifyAppProxyVerifier, type ShopifyAppProxyOptions } from './auth/shopify-app-proxy';
export { chatServerOptionsFromEnv, type Env } from './env-options';
export { FACE_ANALYSIS_TEXT, describeFace } from './face-message';
export { httpResponder, type HttpResponderOptions } from './responders/http-responder';
export { openAiResponder, type OpenAiResponderOptions } from './responders/openai-responder';
export { withCatalogContext, withFallback, type CatalogContextOptions } from './responders/compose';
export { UpstreamRefused } from './responders/upstream';
export { jsonLogger, type ChatLogger, type LogEntry, type LogLevel } from './logger';
export type { BucketRule } from './rate-limiter';
export { MemorySessionStore, type MemorySessionStoreOptions } from './memory-store';
export { RedisSessionStore, type RedisCommandClient, type RedisSessionStoreOptions } from './redis-store';
export { ResponseAborted, type AbortKind } from './session-queue';
export {
  DEMO_CATALOG, DEMO_IMAGES_DIR, catalogResponder, fitForFace, searchCatalog,
  type CatalogCategory, type CatalogMatch, type CatalogProduct, type CatalogQuery, type CatalogResponderOptions,
  type CatalogSearchResult, type FaceFit,
} from './catalog';
export type {
  AuthHook, AuthResult, ChatIoServer, ChatServer, ChatServerOptions, ChatSocket, ChatSocketData, ConversationTurn, RateLimitOptions, RedisScaleOptions, RespondContext, Responder,
  LeasedMessage, ResponseBody, SessionStore, ShopperMessage, StoredAnswer, TakenOver,
} from './types';
