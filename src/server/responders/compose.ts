import { ProtocolFailure, type Block } from '../../protocol/index.js';
import { fitForFace } from '../catalog/fit.js';
import type { Catalog, CatalogItem, CatalogVariant } from '../catalog/model.js';
import { defaultVariant, productCard } from '../catalog/product-card.js';
import { catalogSource } from '../catalog/responder.js';
import { CatalogSearch } from '../catalog/search/catalog-search.js';
import type { RespondContext, Responder, ResponseBody } from '../answering/responder-types.js';

type Piece = string | Block;

export interface CatalogContextOptions {
  /** The catalog, or a function returning the current one. @default the demo catalog, resolved against `publicUrl` */
  catalog?: Catalog | (() => Catalog | undefined);
  /** The chat server's public origin, for the demo catalog's URLs. @default the origin of the shopper's page, else root-relative paths */
  publicUrl?: string | (() => string);
  /** Where the demo images are served. @default `${publicUrl}/catalog-images/` */
  imageBaseUrl?: string;
  /** Most products handed to the model and shown as cards. @default 4 */
  maxResults?: number;
}

/**
 * Searches the catalog for the shopper's message, hands the matches to `responder` as
 * `ctx.knowledge` (one line per product: id, title, type, colour, price, availability, what it
 * suits) so a model can talk about real products, then sends them as a `products` block after the
 * model's text, so the cards are the catalog's, never the model's inventions. For a face analysis
 * the products are those fitting its face shape and skin tone rather than a search.
 *
 * @example
 * createChatServer({ respond: withCatalogContext(openAiResponder({ model: 'gpt-4o-mini', apiKey })) });
 */
export function withCatalogContext(responder: Responder, options: CatalogContextOptions = {}): Responder {
  const current = catalogSource(options);
  const search = new CatalogSearch();
  const maxResults = options.maxResults ?? 4;
  if (!(Number.isInteger(maxResults) && maxResults > 0)) throw new RangeError(`withCatalogContext: maxResults must be a positive integer, got ${maxResults}`);

  return async function* respond(message, ctx) {
    const catalog = current(ctx.context);
    const products: { item: CatalogItem; variant: CatalogVariant }[] = catalog === undefined ? [] : message.face === undefined
      ? search.search(catalog, message.text).matches.slice(0, maxResults)
      : Object.values(fitForFace(catalog.items, message.face, maxResults)).flat().map((item) => ({ item, variant: defaultVariant(item) }));
    const knowledge = products.length > 0
      ? products.map(describe)
      : ['No product in the catalog matches this question; say so and suggest what to ask instead.'];
    const result = yield* pieces(responder, message, { ...ctx, knowledge: [...(ctx.knowledge ?? []), ...knowledge] });
    if (products.length > 0 && !ctx.signal.aborted) yield { type: 'products', items: products.map((p) => productCard(p.item, p.variant)) } satisfies Block;
    return result;
  };
}

/**
 * Tries `responders` in order: one that fails before producing anything (its upstream down, slow,
 * rate-limited or refusing) hands the message to the next, so a store can fall back from a model
 * to its catalog search. A failure after text was streamed is not retried elsewhere: the shopper
 * has already seen part of that answer.
 *
 * @example
 * const respond = withFallback(withCatalogContext(openAiResponder(options)), catalogResponder());
 */
export function withFallback(...responders: Responder[]): Responder {
  if (responders.length === 0) throw new TypeError('withFallback: give at least one responder');
  return async function* respond(message, ctx) {
    let lastError: unknown;
    for (const responder of responders) {
      if (ctx.signal.aborted) break;
      const iterator = pieces(responder, message, ctx)[Symbol.asyncIterator]();
      let first: IteratorResult<Piece, { provider?: string } | undefined>;
      try {
        first = await iterator.next();
      } catch (error) {
        lastError = error;
        continue;
      }
      if (first.done) return first.value;
      yield first.value;
      // From here on the shopper sees this answer: its failures are the answer's failures.
      for (;;) {
        const step = await iterator.next();
        if (step.done) return step.value;
        yield step.value;
      }
    }
    throw lastError ?? new ProtocolFailure('unavailable', 'no assistant could answer');
  };
}

/** Any responder's output as one async generator of text and blocks, returning its provider. */
async function* pieces(responder: Responder, message: Parameters<Responder>[0], ctx: RespondContext): AsyncGenerator<Piece, { provider?: string } | undefined> {
  const result = responder(message, ctx);
  if (typeof (result as AsyncIterable<Piece>)[Symbol.asyncIterator] === 'function') {
    const iterator = (result as AsyncIterable<Piece>)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done) return providerOf(step.value);
        yield step.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  const body = await (result as Promise<ResponseBody>);
  if (body.error || body.success === false) throw new ProtocolFailure(body.error?.code ?? 'internal', body.error?.message ?? 'the assistant could not answer', body.error?.retryAfterMs);
  if (body.response) yield body.response;
  for (const block of body.blocks ?? []) yield block;
  return body.provider === undefined ? undefined : { provider: body.provider };
}

function providerOf(value: unknown): { provider?: string } | undefined {
  const provider = typeof value === 'object' && value !== null ? (value as { provider?: unknown }).provider : undefined;
  return typeof provider === 'string' ? { provider } : undefined;
}

function describe({ item, variant }: { item: CatalogItem; variant: CatalogVariant }): string {
  const price = `${variant.price.amount} ${variant.price.currency}`;
  const options = variant.options.map((o) => o.value).join(', ');
  const suits = item.suits.length > 0 ? `; suits ${item.suits.join(', ')}` : '';
  return `- ${item.title} (id ${item.id}; ${item.productType ?? item.categories.join(', ')}${options ? `; ${options}` : ''}; ${price}; ${variant.available ? 'in stock' : 'sold out'}${suits})`;
}
