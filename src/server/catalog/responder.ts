import type { ChatContext } from '../../protocol/index.js';
import type { Responder } from '../answering/responder-types.js';
import { composeAnswer, type Answer } from './answer.js';
import { loadDemoCatalog } from './demo/demo-catalog.js';
import { composeForFace } from './face-answer.js';
import type { FaqEntry } from './faq.js';
import { messagesFor } from './i18n/messages.js';
import type { Catalog } from './model.js';
import { CatalogSearch } from './search/catalog-search.js';
import { abortableSleep } from '../sleep.js';

export interface CatalogResponderOptions {
  /**
   * The catalog to answer from, or a function returning the current one, so a live source can swap
   * versions (the search index is rebuilt once per `version`); undefined while none is loaded yet.
   * @default the demo catalog, its URLs resolved against `publicUrl`
   */
  catalog?: Catalog | (() => Catalog | undefined);
  /**
   * The chat server's public origin, where it serves the demo images: the demo catalog's relative
   * image and product URLs are resolved against it, so cards work on any store's origin. A function
   * is read on each question (the chat server passes its own address once listening).
   * @default the origin of the shopper's page when the widget sends `context.page.url`; else root-relative paths, for a page on the chat server's origin
   */
  publicUrl?: string | (() => string);
  /** Where the demo images are served, when not at `/catalog-images/` on `publicUrl`. @default `${publicUrl}/catalog-images/` */
  imageBaseUrl?: string;
  /** Store policies (returns, shipping, opening hours...) that answer questions not about products. @default [] */
  faq?: readonly FaqEntry[];
  /** Pause between streamed words, to feel typed. @default 25 */
  wordDelayMs?: number;
  /** Most products in one answer. @default 4 */
  maxResults?: number;
  /**
   * The search over the catalog, which keeps one index per catalog version: pass one to share it
   * with other code answering from the same catalog (model tools), or to observe the searches.
   * @default a new `CatalogSearch`
   */
  search?: CatalogSearch;
}

const PROVIDER = 'demo-catalog';

/**
 * A responder over a catalog, with no AI behind it: it understands the question (kind of product,
 * price limits, colours and sizes, store questions), searches an index built once per catalog
 * version, streams a short sentence in the shopper's language word by word, then sends product
 * cards and follow-up quick replies. It is what `npm start` and the tests talk to.
 *
 * @example
 * const server = createChatServer({ respond: catalogResponder({ catalog: myCatalog, wordDelayMs: 0 }) });
 */
export function catalogResponder(options: CatalogResponderOptions = {}): Responder {
  const wordDelayMs = options.wordDelayMs ?? 25;
  const maxResults = options.maxResults ?? 4;
  const faq = options.faq ?? [];
  if (!(Number.isInteger(maxResults) && maxResults > 0)) throw new RangeError(`catalogResponder: maxResults must be a positive integer, got ${maxResults}`);
  if (!(Number.isFinite(wordDelayMs) && wordDelayMs >= 0)) throw new RangeError(`catalogResponder: wordDelayMs must be 0 or more, got ${wordDelayMs}`);
  const current = catalogSource(options);
  const search = options.search ?? new CatalogSearch();

  return async function* respond(message, { context, signal, catalog: serverCatalog }) {
    // Without a catalog of its own, the server's store catalog (if it has one) comes before the demo.
    const catalog = options.catalog === undefined && serverCatalog ? serverCatalog() : current(context);
    let answer: Answer;
    if (catalog === undefined) answer = { text: messagesFor(context.locale).nothing, blocks: [] };
    else if (message.face !== undefined) answer = composeForFace(message.face, catalog, maxResults, context.locale);
    else answer = composeAnswer({ text: message.text, catalog, search, faq, maxResults, locale: context.locale });
    const words = answer.text.match(/\S+\s*/g) ?? [];
    for (let i = 0; i < words.length; i++) {
      if (i > 0 && wordDelayMs > 0) await abortableSleep(wordDelayMs, signal);
      if (signal.aborted) return { provider: PROVIDER };
      yield words[i]!;
    }
    for (const block of answer.blocks) yield block;
    return { provider: PROVIDER };
  };
}

/** The origin of the shopper's page, when the widget sent a valid http(s) one. */
function pageOrigin(context: ChatContext): string | undefined {
  try {
    const url = new URL(String(context.page?.url ?? ''));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The catalog option as a getter; the demo catalog is read once per public origin. */
export function catalogSource(options: Pick<CatalogResponderOptions, 'catalog' | 'publicUrl' | 'imageBaseUrl'>): (context: ChatContext) => Catalog | undefined {
  const given = options.catalog;
  if (typeof given === 'function') return given;
  if (given !== undefined) return () => given;
  const publicUrl = options.publicUrl;
  let demo: { origin: string | undefined; catalog: Catalog } | undefined;
  return (context) => {
    const origin = typeof publicUrl === 'function' ? publicUrl() : publicUrl ?? pageOrigin(context);
    if (demo === undefined || demo.origin !== origin) {
      const load: Parameters<typeof loadDemoCatalog>[0] = {};
      if (origin !== undefined) load.publicUrl = origin;
      if (options.imageBaseUrl !== undefined) load.imageBaseUrl = options.imageBaseUrl;
      demo = { origin, catalog: loadDemoCatalog(load) };
    }
    return demo.catalog;
  };
}
