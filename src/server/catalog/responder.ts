import type { Block, ChatContext, FaceAttributes, ProductItem, QuickRepliesBlock } from '../../protocol/index.js';
import { bandWords } from '../face-message.js';
import type { Responder } from '../types.js';
import { fitForFace } from './fit.js';
import { DEMO_CATALOG, type CatalogCategory, type CatalogProduct } from './products.js';
import { searchCatalog, tokenize, type CatalogQuery } from './search.js';

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
    const answer = message.face === undefined
      ? compose(message.text, catalog, maxResults, imageBaseUrl, context)
      : composeForFace(message.face, catalog, maxResults, imageBaseUrl, context);
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

/** Why frames of a kind suit a face shape, said in a few words. */
const SHAPE_ADVICE: Readonly<Record<NonNullable<FaceAttributes['faceShape']>, string>> = {
  oval: 'Oval faces are balanced, so most frames work; these keep that balance.',
  round: 'Angular, square and rectangular frames add definition to a round face.',
  square: 'Round and oval frames soften the strong angles of a square face.',
  heart: 'Light frames and styles with width lower down balance a wider forehead.',
  oblong: 'Deep frames with a strong brow shorten a longer face.',
  diamond: 'Cat-eye, oval and browline frames soften wide cheekbones.',
};

/** Suggestions in words, for when the camera could not tell. */
const ASK_IN_WORDS: Suggestion[] = [['Frames for a round face', 'Frames for a round face'], ['Foundation for tan skin', 'Foundation for tan skin'], ['Show me eyewear', 'Show me eyewear']];

/**
 * The answer to a face analysis: frames for the face shape, shades for the skin tone, with the
 * reason in a sentence. It repeats the attributes only in the answer's own words, which is all the
 * session history keeps of them.
 */
function composeForFace(face: FaceAttributes, catalog: readonly CatalogProduct[], maxResults: number, imageBaseUrl: string, context: ChatContext): Answer {
  const { frames, shades } = fitForFace(catalog, face, maxResults);
  const shape = frames.length > 0 ? face.faceShape : undefined;
  const band = shades.length > 0 && face.skinTone !== undefined ? bandWords(face.skinTone.band) : undefined;
  if (shape === undefined && band === undefined) {
    return {
      text: "Sorry, I couldn't tell your face shape or skin tone from that picture. Even light and looking straight at the camera usually help. "
        + 'You can also just tell me, for example "frames for a round face" or "foundation for tan skin".',
      blocks: [quickReplies(ASK_IN_WORDS, '')],
    };
  }
  const money = moneyFormat(context.locale);
  const priced = (product: CatalogProduct) => `the ${product.title} at ${money(product.price.amount, product.price.currency)}`;
  const top = (products: CatalogProduct[]) => products.find((p) => p.available) ?? products[0]!;
  const found = [shape && `a ${shape} face`, band && `${band} skin`].filter(Boolean).join(' and ');
  const sentences = [`From the analysis on your device, you have ${found}.`];
  if (face.quality === 'poor' || face.confidence < 0.5) sentences.push("The picture wasn't very clear, so take this as a starting point.");
  const blocks: Block[] = [];
  const suggestions: Suggestion[] = [];
  if (shape !== undefined) {
    sentences.push(`${SHAPE_ADVICE[shape]} My top frame pick is ${priced(top(frames))}.`);
    blocks.push({ type: 'products', items: frames.map((p) => productItem(p, imageBaseUrl)) });
    suggestions.push([`Sunglasses for a ${shape} face`, `Sunglasses for a ${shape} face`]);
  } else {
    sentences.push('I couldn\'t tell your face shape: ask me about frames in words, like "frames for a round face".');
    suggestions.push(['Frames for a round face', 'Frames for a round face']);
  }
  if (band !== undefined) {
    sentences.push(`For ${band} skin, start with ${priced(top(shades))}.`);
    blocks.push({ type: 'products', items: shades.map((p) => productItem(p, imageBaseUrl)) });
    suggestions.push([`Foundation for ${band} skin`, `Foundation for ${band} skin`], [`Lipstick for ${band} skin`, `Lipstick for ${band} skin`]);
  } else {
    sentences.push('I couldn\'t tell your skin tone: ask me about shades in words, like "foundation for tan skin".');
    suggestions.push(['Foundation for tan skin', 'Foundation for tan skin']);
  }
  blocks.push(quickReplies(suggestions, ''));
  return { text: sentences.join(' '), blocks };
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
