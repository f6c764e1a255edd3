import type { Block, ChatContext, ChatMessage, ChatResponse, FaceAttributes, ProtocolError } from '../../protocol/index.js';
import type { HandoffBlock } from '../../protocol/handoff.js';
import type { Catalog } from '../catalog/model.js';
import type { CatalogSearch } from '../catalog/search/catalog-search.js';
import type { ConversationTurn } from '../sessions/session-store.js';

/** What a responder is given and what it gives back: the contract between the server and any answering backend. */

export interface RespondContext {
  sessionId: string;
  /** The session's context (from `context-update`) overlaid with the message's own context. */
  context: ChatContext;
  /** Aborted when the shopper cancels, the responder is idle too long, or the server closes. */
  signal: AbortSignal;
  /** Earlier responses of this session, oldest first. */
  history: readonly ChatResponse[];
  /**
   * The session's recent exchanges, oldest first: what the shopper wrote and the text of each
   * answer, as the store keeps them (bounded by its `maxTurns` and `maxTurnLength`). What a model
   * needs as chat history. Empty with a store that keeps no turns.
   */
  turns?: readonly ConversationTurn[];
  /**
   * Facts for a model to answer from, one per line, added by composing responders (for example
   * `withCatalogContext`'s product list). @default undefined
   */
  knowledge?: readonly string[];
  /**
   * The store's catalog (`createChatServer({ catalog })`) at its current version; undefined while
   * none is loaded. Absent on a server without a catalog. Catalog responders and tools read it
   * when not given a catalog of their own.
   */
  catalog?: () => Catalog | undefined;
  /**
   * The search over `catalog`, its index built once per version when the version arrives: tools
   * and responders answering from `ctx.catalog` use it rather than index the catalog again (at
   * 50k products an index is seconds of work and tens of MB). Present whenever `catalog` is.
   */
  catalogSearch?: CatalogSearch;
}

/** What a non-streaming responder resolves to. */
export interface ResponseBody {
  response?: string;
  blocks?: Block[];
  provider?: string;
  /** @default true unless `error` is set */
  success?: boolean;
  error?: ProtocolError;
  /** Hand the conversation to the store's team after this answer (with `handoff` set up). @default false */
  handoff?: boolean;
}

/**
 * A shopper message as a responder gets it: a `chat-message`, or a `face-analysis` turned into one.
 * For face analysis `text` is a neutral request written by the server (FACE_ANALYSIS_TEXT), so a
 * responder that knows nothing of faces still answers sensibly, and `face` holds the attributes.
 * Privacy: `face` lives only as long as the answer is being produced. It is never logged, and the
 * session store never sees it: only the answer itself is stored.
 */
export interface ShopperMessage extends ChatMessage {
  /** The attributes of a `face-analysis`; undefined for a typed message. */
  face?: FaceAttributes;
}

/**
 * Answers one shopper message. Either an async iterable, whose strings are streamed as text deltas
 * and whose blocks are sent with the final response (an async generator may `return { provider }`),
 * or a promise of the whole body. Throw a `ProtocolFailure` to send its code to the shopper (for
 * example `rate_limited` with `retryAfterMs`); any other error becomes `internal`.
 *
 * @example
 * const echo: Responder = async function* (message) { yield `You said: ${message.text}`; };
 */
export type Responder = (message: ShopperMessage, ctx: RespondContext) => AsyncIterable<string | Block | HandoffBlock> | Promise<ResponseBody>;
