import type { Block } from '../../protocol/index.js';
import { ToolInputError, type ResponderTool } from '../responders/tool-calls.js';
import type { RespondContext } from '../answering/responder-types.js';
import { answerFromFaq, type FaqEntry } from './faq.js';
import type { Catalog } from './model.js';
import { productCard } from './product-card.js';
import { catalogSource } from './responder.js';
import { CatalogSearch, parseQuery, rank } from './search/index.js';

export interface SearchProductsToolOptions {
  /**
   * The catalog, or a function returning the current one.
   * @default the chat server's catalog (`createChatServer({ catalog })`), else the demo catalog
   */
  catalog?: Catalog | (() => Catalog | undefined);
  /** Most products one call returns (and shows as cards). @default 4 */
  maxResults?: number;
}

const MAX_QUERY = 200;

/**
 * `search_products` for `openAiResponder({ tools })`: the model asks with words and optional
 * filters, the server searches the store's catalog (the same index and query understanding as
 * `catalogResponder`), the model reads a short list, and the shopper sees the cards of exactly
 * those products. The model never writes a card, a price or a link itself.
 *
 * @example
 * openAiResponder({ model: 'gpt-4o-mini', apiKey, tools: [searchProductsTool({ catalog: () => source.current() })] });
 */
export function searchProductsTool(options: SearchProductsToolOptions = {}): ResponderTool {
  const maxResults = options.maxResults ?? 4;
  if (!(Number.isInteger(maxResults) && maxResults > 0)) throw new RangeError(`searchProductsTool: maxResults must be a positive integer, got ${maxResults}`);
  const own = options.catalog;
  const demo = catalogSource({});
  const current = (ctx: RespondContext): Catalog | undefined => {
    if (typeof own === 'function') return own();
    return own ?? ctx.catalog?.() ?? (ctx.catalog ? undefined : demo(ctx.context));
  };
  const ownSearch = new CatalogSearch();
  // The server's catalog comes with the server's search (indexed when its version arrived); a
  // catalog of the tool's own, or the demo one, gets the tool's.
  const searchFor = (ctx: RespondContext): CatalogSearch => (own === undefined && ctx.catalog !== undefined ? ctx.catalogSearch : undefined) ?? ownSearch;
  return {
    name: 'search_products',
    description: 'Search the store\'s product catalog. Use it for every question about products; recommend only products it returns. '
      + 'The shopper is shown the returned products as cards after your answer.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What the shopper wants, in their words: kind of product, colour, size, use.' },
        min_price: { type: 'number', minimum: 0, description: 'Lowest price, in the store\'s currency.' },
        max_price: { type: 'number', minimum: 0, description: 'Highest price, in the store\'s currency.' },
        in_stock_only: { type: 'boolean', description: 'Leave out sold-out products.' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    run(args, ctx) {
      const { query, minPrice, maxPrice, inStockOnly } = readArgs(args);
      const catalog = current(ctx);
      if (catalog === undefined) return { content: 'The catalog is not loaded yet. Tell the shopper to try again in a minute.' };
      const parsed = parseQuery(query);
      if (minPrice !== undefined) parsed.price.min = minPrice;
      if (maxPrice !== undefined) Object.assign(parsed.price, { max: maxPrice, maxInclusive: true });
      if (inStockOnly) parsed.inStockOnly = true;
      const result = rank(searchFor(ctx).indexFor(catalog), query, parsed);
      const matches = result.matches.length > 0 ? result.matches.slice(0, maxResults) : result.nearest ? [result.nearest] : [];
      if (matches.length === 0) return { content: `No product matches "${query}". Say so honestly and ask what else could help; do not suggest unrelated products.` };
      const cards = matches.map((m) => productCard(m.item, m.variant));
      const lines = cards.map((card, i) => {
        // A price that is the lowest of a range must reach the shopper as "from", not as the price.
        const from = matches[i]!.variant.priceFrom === true ? 'from ' : '';
        const price = card.price ? `${from}${card.price.amount} ${card.price.currency}` : 'no price';
        return `- ${card.title} | ${price} | ${card.available === false ? 'sold out' : 'in stock'}`;
      });
      // What the search could not honour is said outright, so the model does not present a near
      // miss as a match.
      const caveats: string[] = [];
      if (result.matches.length === 0) caveats.push('Nothing is within the price asked; this is the nearest, and it is over the budget: say so.');
      if (result.partial && result.missing.length > 0) caveats.push(`No product has all of: ${result.missing.join(', ')}. These are the closest: say what is missing.`);
      const blocks: Block[] = [{ type: 'products', items: cards }];
      return { content: [...caveats, `Products (shown to the shopper as cards, in this order):`, ...lines].join('\n'), blocks };
    },
  };
}

/**
 * `store_policy` for `openAiResponder({ tools })`: answers returns, shipping, opening hours and
 * other store questions from the merchant's FAQ, so the model quotes the store's policy instead of
 * inventing one.
 *
 * @example
 * openAiResponder({ model, apiKey, tools: [searchProductsTool({ catalog }), storePolicyTool({ faq: loadFaqFile('faq.md') })] });
 */
export function storePolicyTool(options: { faq: readonly FaqEntry[] }): ResponderTool {
  const faq = options.faq;
  return {
    name: 'store_policy',
    description: 'Look up the store\'s own policies (returns, shipping, opening hours, payment, contact, warranty, privacy). Use it for any question about the store rather than its products.',
    parameters: { type: 'object', properties: { question: { type: 'string', description: 'The shopper\'s question.' } }, required: ['question'], additionalProperties: false },
    run(args) {
      const question = (args as { question?: unknown } | null)?.question;
      if (typeof question !== 'string' || question.trim() === '' || question.length > MAX_QUERY) throw new ToolInputError(`question must be a non-empty string of at most ${MAX_QUERY} characters`);
      const entry = answerFromFaq(faq, question);
      return { content: entry ? `Store policy (${entry.question}): ${entry.answer}` : 'The store has not published an answer to this. Say you do not know and suggest contacting the store.' };
    },
  };
}

function readArgs(args: unknown): { query: string; minPrice?: number; maxPrice?: number; inStockOnly: boolean } {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new ToolInputError('arguments must be a JSON object');
  const { query, min_price: min, max_price: max, in_stock_only: inStock } = args as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '' || query.length > MAX_QUERY) throw new ToolInputError(`query must be a non-empty string of at most ${MAX_QUERY} characters`);
  const price = (value: unknown, name: string) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ToolInputError(`${name} must be a number of at least 0`);
    return value;
  };
  const minPrice = price(min, 'min_price');
  const maxPrice = price(max, 'max_price');
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) throw new ToolInputError('min_price must not be more than max_price');
  if (inStock !== undefined && inStock !== null && typeof inStock !== 'boolean') throw new ToolInputError('in_stock_only must be true or false');
  return { query: query.trim(), ...(minPrice !== undefined && { minPrice }), ...(maxPrice !== undefined && { maxPrice }), inStockOnly: inStock === true };
}
