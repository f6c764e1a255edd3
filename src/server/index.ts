/**
 * `ai-discovery-widget/server`: the reference chat server for protocol v1. Node only; it imports
 * the shared protocol module and nothing browser-side.
 */
export { createChatServer } from './chat-server';
export { MemorySessionStore, type MemorySessionStoreOptions } from './memory-store';
export { RedisSessionStore, type RedisCommandClient, type RedisSessionStoreOptions } from './redis-store';
export { ResponseAborted, type AbortKind } from './session-queue';
export {
  DEMO_CATALOG, DEMO_IMAGES_DIR, catalogResponder, searchCatalog,
  type CatalogCategory, type CatalogMatch, type CatalogProduct, type CatalogQuery, type CatalogResponderOptions,
  type CatalogSearchResult,
} from './catalog';
export type {
  ChatIoServer, ChatServer, ChatServerOptions, ChatSocket, ChatSocketData, RedisScaleOptions, RespondContext, Responder,
  ResponseBody, SessionStore, StoredAnswer,
} from './types';
