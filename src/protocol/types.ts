/**
 * Wire protocol v1: the contract between the widget, the reference server and any store backend.
 * Both sides import these types; nothing here touches the DOM or Node.
 */

export const PROTOCOL_VERSION = 1;

/** Error codes carried by acks, `chat-response.error` and `connect_error.data.code`. */
export type ErrorCode = 'invalid' | 'too_large' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'internal';

export const ERROR_CODES: readonly ErrorCode[] = ['invalid', 'too_large', 'unauthorized', 'rate_limited', 'unavailable', 'internal'];

/** Codes after which resending the same message cannot succeed. */
export const PERMANENT_ERROR_CODES: readonly ErrorCode[] = ['invalid', 'too_large', 'unauthorized'];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

/** JSON values as they cross the wire. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What the page knows about the shopper's situation. The named fields are the ones the widget and
 * the demo responder understand; stores may add their own JSON fields.
 */
export interface ChatContext {
  platform?: string;
  locale?: string;
  currency?: string;
  shop?: string;
  page?: { url?: string; title?: string; type?: string };
  product?: { id: string; title?: string; variantId?: string };
  customerId?: string;
  [key: string]: JsonValue | undefined;
}

/** Socket.IO handshake `auth`. */
export interface HandshakeAuth {
  sessionId: string;
  token?: string;
  lastSeq?: number;
  client: string;
}

// ---- client to server -------------------------------------------------------------------------

export interface ChatMessage {
  /** UUID made once per message and reused on every retry: the idempotency key. */
  id: string;
  sessionId: string;
  text: string;
  context?: ChatContext;
  /** Epoch milliseconds when the shopper sent it (not when it was last retried). */
  sentAt: number;
}

export type MessageAck =
  /** `awaiting: 'operator'`: taken for the store's team (docs/HANDOFF.md); no automatic answer follows. */
  | { ok: true; id: string; duplicate?: boolean; awaiting?: 'operator' }
  | { ok: false; id: string; error: ProtocolError };

export interface ChatCancel {
  sessionId: string;
  replyTo: string;
}

export interface SessionSyncRequest {
  sessionId: string;
  afterSeq: number;
}

export type SessionSyncAck = { ok: true; responses: ChatResponse[] } | { ok: false; error: ProtocolError };

export interface ContextUpdate {
  sessionId: string;
  context: ChatContext;
}

export type SimpleAck = { ok: true } | { ok: false; error: ProtocolError };

export interface TypingNotice {
  sessionId: string;
  typing: boolean;
}

// ---- server to client -------------------------------------------------------------------------

export interface Money {
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

export interface ProductItem {
  id: string;
  title: string;
  url: string;
  price?: Money;
  image?: { url: string; alt?: string };
  variantId?: string;
  available?: boolean;
}

export interface ProductsBlock {
  type: 'products';
  items: ProductItem[];
}

export interface QuickRepliesBlock {
  type: 'quick-replies';
  options: { label: string; value: string }[];
}

export interface ImageBlock {
  type: 'image';
  url: string;
  alt?: string;
}

export type ActionKind = 'link' | 'login' | 'message';

export interface ActionItem {
  label: string;
  kind: ActionKind;
  url?: string;
  value?: string;
}

export interface ActionsBlock {
  type: 'actions';
  items: ActionItem[];
}

export type Block = ProductsBlock | QuickRepliesBlock | ImageBlock | ActionsBlock;

export interface ChatResponse {
  success: boolean;
  id: string;
  /** Per-session counter assigned by the server; the client resumes after the highest it rendered. */
  seq: number;
  replyTo?: string;
  sessionId: string;
  response?: string;
  blocks?: Block[];
  provider?: string;
  /** Epoch milliseconds. */
  timestamp: number;
  error?: ProtocolError;
  /** Extension: the shopper stopped this answer (`chat-cancel`); `response` holds what came before. */
  cancelled?: boolean;
  /** Extension from the unified `/api/chat` shape: the backend wants the shopper signed in first. */
  requiresAuth?: boolean;
  /** Where to sign in when `requiresAuth` is set (checked like any link). */
  authUrl?: string;
  /**
   * Extension: show this answer but keep it off the shopper's device. Set on answers to a face
   * analysis, whose text names what the analysis found; the consent step promises nothing is stored.
   */
  ephemeral?: boolean;
  /** Extension (hand-off): written by a person from the store, with `provider: 'operator'`. */
  author?: { kind: 'operator'; name: string };
}

export interface ChatResponseChunk {
  /** The id the final `chat-response` will carry. */
  id: string;
  replyTo: string;
  sessionId: string;
  index: number;
  delta: string;
}

export interface AgentTyping {
  sessionId: string;
  typing: boolean;
  /** Extension (hand-off): an operator is typing, not the assistant. */
  author?: { kind: 'operator'; name: string };
}

/** Event maps for typed Socket.IO sockets on both sides. */
export interface ServerToClientEvents {
  'chat-response': (response: ChatResponse) => void;
  'chat-response-chunk': (chunk: ChatResponseChunk) => void;
  'agent-typing': (notice: AgentTyping) => void;
}

export interface ClientToServerEvents {
  'chat-message': (message: ChatMessage, ack: (ack: MessageAck) => void) => void;
  'chat-cancel': (cancel: ChatCancel, ack: (ack: SimpleAck) => void) => void;
  'session-sync': (request: SessionSyncRequest, ack: (ack: SessionSyncAck) => void) => void;
  'context-update': (update: ContextUpdate, ack: (ack: SimpleAck) => void) => void;
  typing: (notice: TypingNotice) => void;
  'face-analysis': (request: FaceAnalysisRequest, ack: (ack: MessageAck) => void) => void;
}

/** What face analysis derives on the device; the only face data that ever leaves it. */
export interface FaceAttributes {
  faceShape?: 'oval' | 'round' | 'square' | 'heart' | 'oblong' | 'diamond';
  skinTone?: { ita: number; band: 'very-light' | 'light' | 'intermediate' | 'tan' | 'brown' | 'dark'; monk: number };
  confidence: number;
  quality: 'good' | 'fair' | 'poor';
}

export const FACE_SHAPES: readonly NonNullable<FaceAttributes['faceShape']>[] = ['oval', 'round', 'square', 'heart', 'oblong', 'diamond'];
export const SKIN_TONE_BANDS: readonly NonNullable<FaceAttributes['skinTone']>['band'][] = ['very-light', 'light', 'intermediate', 'tan', 'brown', 'dark'];
export const FACE_QUALITIES: readonly FaceAttributes['quality'][] = ['good', 'fair', 'poor'];

/**
 * `face-analysis`: the attributes the shopper agreed to share, answered like a `chat-message` (same
 * ack, same idempotency by `id`, a `chat-response` with `replyTo: id`). No image, landmark or pixel
 * ever travels; only these attributes.
 */
export interface FaceAnalysisRequest {
  /** UUID made once and reused on every retry, in the same id space as chat messages. */
  id: string;
  sessionId: string;
  attributes: FaceAttributes;
}
