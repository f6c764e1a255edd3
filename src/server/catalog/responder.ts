import type { Block, ChatContext, ProductItem, QuickRepliesBlock } from '../../protocol';
import type { Responder } from '../types';
import { DEMO_CATALOG, type CatalogCategory, type CatalogProduct } from './products';
import { searchCatalog, tokenize, type CatalogQuery } from './search';

export interface CatalogResponderOptions {
  /** Products to search. @default DEMO_CATALOG */
  catalog?: readonly CatalogProduct[];
  /** URL prefix of the product images (where `DEMO_IMAGES_DIR` is served). @default '/catalog-images/' */
  imageBaseUrl?: string;
  /** Pause between streamed words, to feel typed. @default 25 */
  wordDelayMs?: number;
  /** Most products in one answer. @default 4 */
  maxResults?: number;
}

const GREETINGS = new Set(['hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'greeting', 'morning', 'afternoon', 'evening']);
const GREETING_FILLER = new Set(['good', 'there', 'all', 'everyone', 'folk']);

type Suggestion = [label: string, value: string];

const FOLLOW_UPS: Record<CatalogCategory, Suggestion[]> = {
  eyewear: [['Sunglasses', 'Show me sunglasses'], ['Frames for a round face', 'Frames for a round face'], ['Blue light glasses', 'Blue light glasses']],
  beauty: [['Foundation for tan skin', 'Foundation for tan skin'], ['Red lipstick', 'Red lipstick'], ['Concealer for light skin', 'Concealer for light skin']],
  apparel: [['Running shoes under $100', 'Red running shoes under $100'], ['Jackets', 'Show me jackets'], ['T-shirts', 'Show me t-shirts']],
};

const CATEGORIES: Suggestion[] = [['Eyewear', 'Show me eyewear'], ['Beauty', 'Show me beauty products'], ['Apparel', 'Show me apparel']];

const STARTERS: Suggestion[] = [['Blue light glasses', 'Blue light glasses'], ['Foundation for my skin tone', 'Foundation for tan skin'], ['Running shoes under $100', 'Red running shoes under $100']];

/**
 * A responder over a product list, with no AI behind it: it finds products by their words, streams
 * a short sentence word by word, then sends product cards and follow-up quick replies. It is what
 * `npm start` and the tests talk to.
 *
 * @example
 * const server = createChatServer({ respond: catalogResponder({ wordDelayMs: 0 }) });
 */
export function catalogResponder(options: CatalogResponderOptions = {}): Responder {
  const catalog = options.catalog ?? DEMO_CATALOG;
  const imageBaseUrl = options.imageBaseUrl ?? '/catalog-images/';
  const wordDelayMs = options.wordDelayMs ?? 25;
  const maxResults = options.maxResults ?? 4;
  if (!(Number.isInteger(maxResults) && maxResults > 0)) throw new RangeError(`catalogResponder: maxResults must be a positive integer, got ${maxResults}`);
  if (!(Number.isFinite(wordDelayMs) && wordDelayMs >= 0)) throw new RangeError(`catalogResponder: wordDelayMs must be 0 or more, got ${wordDelayMs}`);

  return async function* respond(message, { context, signal }) {
    const answer = compose(message.text, catalog, maxResults, imageBaseUrl, context);
    const words = answer.text.match(/\S+\s*/g) ?? [];
    for (let i = 0; i < words.length; i++) {
      if (i > 0 && wordDelayMs > 0) await sleep(wordDelayMs, signal);
      if (signal.aborted) return { provider: 'demo-catalog' };
      yield words[i]!;
    }
    for (const block of answer.blocks) yield block;
    return { provider: 'demo-catalog' };
  };
}

interface Answer {
  text: string;
  blocks: Block[];
}

function compose(text: string, catalog: readonly CatalogProduct[], maxResults: number, imageBaseUrl: string, context: ChatContext): Answer {
  if (isGreeting(text)) {
    return {
      text: "Hi! I'm your shopping assistant. Tell me what you're looking for, like blue light glasses, a foundation for your skin tone or red running shoes under $100.",
      blocks: [quickReplies(STARTERS, text)],
    };
  }
  const { query, matches } = searchCatalog(catalog, text);
  const products = matches.slice(0, maxResults).map((m) => m.product);
  const top = products[0];
  if (!top) {
    return {
      text: "Sorry, I couldn't find anything matching that. I can help with eyewear, beauty and apparel: try one of these.",
      blocks: [quickReplies(CATEGORIES, text)],
    };
  }
  const money = moneyFormat(context.locale);
  const found = products.length === 1 ? 'one product' : `${products.length} products`;
  const stock = top.available ? '' : ", though it's sold out right now";
  return {
    text: `I found ${found}${describe(query, money)}. My top pick is the ${top.title} at ${money(top.price.amount, top.price.currency)}${stock}.`,
    blocks: [
      { type: 'products', items: products.map((p) => productItem(p, imageBaseUrl)) },
      quickReplies(FOLLOW_UPS[top.category], text),
    ],
  };
}

function describe(query: CatalogQuery, money: (amount: number, currency: string) => string): string {
  let out = '';
  if (query.suitsKind === 'face') out += ` for ${article(query.suits[0] ?? '')} ${query.suits.join(' or ')} face`;
  if (query.suitsKind === 'skin') out += ` for ${query.suits.join(' or ').replace(/-/g, ' ')} skin`;
  const { min, max } = query.price;
  if (min !== undefined && max !== undefined) out += ` between ${money(min, 'USD')} and ${money(max, 'USD')}`;
  else if (max !== undefined) out += ` under ${money(max, 'USD')}`;
  else if (min !== undefined) out += ` from ${money(min, 'USD')}`;
  return out;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

export function productItem(product: CatalogProduct, imageBaseUrl: string): ProductItem {
  return {
    id: product.id,
    title: product.title,
    url: product.url,
    price: { ...product.price },
    image: { url: imageBaseUrl + product.image, alt: product.title },
    variantId: product.variantId,
    available: product.available,
  };
}

function quickReplies(suggestions: Suggestion[], asked: string): QuickRepliesBlock {
  const same = asked.trim().toLowerCase();
  const options = suggestions.filter(([, value]) => value.toLowerCase() !== same).slice(0, 3).map(([label, value]) => ({ label, value }));
  return { type: 'quick-replies', options };
}

function isGreeting(text: string): boolean {
  const words = tokenize(text);
  return words.length > 0 && words.length <= 4 && words.some((w) => GREETINGS.has(w)) && words.every((w) => GREETINGS.has(w) || GREETING_FILLER.has(w));
}

/** Prices are USD in the demo; the shopper's locale only changes how they are written. */
function moneyFormat(locale: unknown): (amount: number, currency: string) => string {
  return (amount, currency) => {
    try {
      return new Intl.NumberFormat(typeof locale === 'string' ? locale : 'en-US', { style: 'currency', currency }).format(amount);
    } catch {
      // The locale comes from the page and may be malformed; fall back rather than fail the answer.
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
    }
  };
}

/** Resolves after `ms`, or at once when the signal aborts, leaving no timer or listener behind. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
