import type { CatalogProduct } from './products.js';

/** What a shopper's sentence asks for, once read. */
export interface CatalogQuery {
  /** Normalised search words (lower case, singular, synonyms folded), without stop words. */
  terms: string[];
  /** Face shapes or skin tones the products should suit ("round face", "tan skin"). */
  suits: string[];
  /** What `suits` refers to, for wording the answer. */
  suitsKind?: 'face' | 'skin';
  price: { min?: number; max?: number; maxInclusive?: boolean };
}

export interface CatalogMatch {
  product: CatalogProduct;
  score: number;
}

export interface CatalogSearchResult {
  query: CatalogQuery;
  /** Best first. */
  matches: CatalogMatch[];
}

const STOP_WORDS = new Set([
  'a', 'an', 'the', 'for', 'to', 'of', 'in', 'on', 'with', 'and', 'or', 'me', 'my', 'i', 'im', 'show', 'find',
  'looking', 'look', 'want', 'need', 'some', 'any', 'please', 'can', 'could', 'you', 'do', 'have', 'get', 'got',
  'something', 'that', 'this', 'is', 'are', 'what', 'which', 'good', 'best', 'recommend', 'suggest', 'pair',
  'buy', 'like', 'would', 'love', 'see', 'there', 'your', 'it', 'one', 'ones', 'usd', 'dollar', 'price', 'cheap',
  'shape', 'shaped', 'type', 'suit', 'flatter', 'match', 'go', 'work', 'anything', 'everything', 'thing',
  'stuff', 'item', 'product', 'new', 'nice',
]);

// Folded on both sides, so "specs" finds a product described as "eyeglasses".
const SYNONYMS: Record<string, string> = {
  eyeglass: 'glass', spectacle: 'glass', spec: 'glass', trainer: 'sneaker', kick: 'sneaker',
  tshirt: 'shirt', coat: 'jacket', makeup: 'beauty', cosmetic: 'beauty', clothe: 'apparel', clothing: 'apparel',
  colour: 'color', gray: 'grey', run: 'running', runner: 'running', jogging: 'running', lippy: 'lipstick',
};

const FACE_WORDS = new Set(['face']);
const SKIN_WORDS = new Set(['skin', 'tone', 'complexion', 'undertone']);
const FACE_SHAPES = new Set(['round', 'square', 'oval', 'heart', 'oblong', 'diamond', 'long']);
const SKIN_TONES: Record<string, string> = {
  light: 'light', intermediate: 'intermediate', tan: 'tan', brown: 'brown', dark: 'dark',
  fair: 'very-light', pale: 'very-light', medium: 'intermediate', olive: 'intermediate', deep: 'dark', tanned: 'tan',
};

const PRICE_RULES: { pattern: RegExp; apply: (price: CatalogQuery['price'], a: number, b: number) => void }[] = [
  { pattern: /\bbetween\s*\$?\s*(\d+(?:\.\d+)?)\s*(?:and|to|-)\s*\$?\s*(\d+(?:\.\d+)?)/g, apply: (p, a, b) => Object.assign(p, { min: Math.min(a, b), max: Math.max(a, b), maxInclusive: true }) },
  { pattern: /\$\s*(\d+(?:\.\d+)?)\s*(?:-|to)\s*\$?\s*(\d+(?:\.\d+)?)/g, apply: (p, a, b) => Object.assign(p, { min: Math.min(a, b), max: Math.max(a, b), maxInclusive: true }) },
  { pattern: /\b(?:under|below|less than|cheaper than|lower than)\s*\$?\s*(\d+(?:\.\d+)?)/g, apply: (p, a) => Object.assign(p, { max: a, maxInclusive: false }) },
  { pattern: /\b(?:up to|at most|max(?:imum)?|no more than|within)\s*\$?\s*(\d+(?:\.\d+)?)/g, apply: (p, a) => Object.assign(p, { max: a, maxInclusive: true }) },
  { pattern: /\b(?:over|above|more than|at least|from|min(?:imum)?)\s*\$?\s*(\d+(?:\.\d+)?)/g, apply: (p, a) => Object.assign(p, { min: a }) },
];

/** Lower-cased words of `text`, plurals reduced and synonyms folded. Stop words are kept. */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z0-9]+/g) ?? [];
  return words.filter((word) => word.length > 1 || /\d/.test(word)).map((word) => {
    const stemmed = stem(word);
    return SYNONYMS[stemmed] ?? stemmed;
  });
}

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Reads price limits, face shapes and skin tones out of a sentence; the rest become search terms. */
export function parseQuery(text: string): CatalogQuery {
  const price: CatalogQuery['price'] = {};
  let rest = text.toLowerCase().slice(0, 1000);
  for (const rule of PRICE_RULES) {
    rest = rest.replace(rule.pattern, (_all, a: string, b?: string) => {
      rule.apply(price, Number(a), Number(b));
      return ' ';
    });
  }
  const tokens = tokenize(rest);
  const suitsKind = tokens.some((t) => SKIN_WORDS.has(t)) ? 'skin' : tokens.some((t) => FACE_WORDS.has(t)) ? 'face' : undefined;
  const suits: string[] = [];
  const terms: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (suitsKind === 'skin' && token === 'very' && tokens[i + 1] === 'light') {
      suits.push('very-light');
      i++;
    } else if (suitsKind === 'skin' && SKIN_TONES[token] !== undefined) {
      suits.push(SKIN_TONES[token]!);
    } else if (suitsKind === 'face' && FACE_SHAPES.has(token)) {
      suits.push(token === 'long' ? 'oblong' : token);
    } else if (!STOP_WORDS.has(token) && !FACE_WORDS.has(token) && !SKIN_WORDS.has(token) && !/^\d/.test(token)) {
      terms.push(token);
    }
  }
  const query: CatalogQuery = { terms, suits: [...new Set(suits)], price };
  if (suitsKind !== undefined && suits.length > 0) query.suitsKind = suitsKind;
  return query;
}

interface Indexed {
  product: CatalogProduct;
  fields: { words: Set<string>; weight: number }[];
  phrases: Set<string>;
}

const UNAVAILABLE_FACTOR = 0.75;
/** Matches scoring under this share of the best one are noise ("red" in a lipstick's tags). */
const RELATIVE_CUTOFF = 0.5;

/**
 * Ranks `catalog` for a shopper's sentence. Pure: the same input always gives the same order.
 * Each search word scores by the best field it appears in (type 4, title and tags 3, category and
 * colour 2, description 1); adjacent words found together in a title or tag score again; a product
 * that suits the asked face shape or skin tone gains 5, and one that does not is left out.
 */
export function searchCatalog(catalog: readonly CatalogProduct[], text: string): CatalogSearchResult {
  const query = parseQuery(text);
  const { terms, suits, price } = query;
  if (terms.length === 0 && suits.length === 0 && price.min === undefined && price.max === undefined) {
    return { query, matches: [] };
  }
  const pairs = terms.slice(1).map((term, i) => `${terms[i]} ${term}`);
  const matches: CatalogMatch[] = [];
  for (const item of catalog.map(index)) {
    const { product } = item;
    if (!inRange(product.price.amount, price)) continue;
    if (suits.length > 0 && !suits.some((s) => product.suits.includes(s))) continue;
    let score = 0;
    for (const term of terms) score += Math.max(0, ...item.fields.map((f) => (f.words.has(term) ? f.weight : 0)));
    for (const pair of pairs) if (item.phrases.has(pair)) score += 3;
    // Every word missing means nothing in this product was asked for.
    if (terms.length > 0 && score === 0) continue;
    score += suits.length > 0 ? 5 : 0;
    if (terms.length === 0 && suits.length === 0) score = 1;
    if (!product.available) score *= UNAVAILABLE_FACTOR;
    matches.push({ product, score });
  }
  const best = Math.max(0, ...matches.map((m) => m.score));
  const kept = matches.filter((m) => m.score >= best * RELATIVE_CUTOFF);
  // Stable sort: ties keep catalog order, except that a price-only search lists cheapest first.
  kept.sort((a, b) => b.score - a.score || (terms.length === 0 ? a.product.price.amount - b.product.price.amount : 0));
  return { query, matches: kept };
}

function inRange(amount: number, price: CatalogQuery['price']): boolean {
  if (price.min !== undefined && amount < price.min) return false;
  if (price.max !== undefined && (price.maxInclusive ? amount > price.max : amount >= price.max)) return false;
  return true;
}

function index(product: CatalogProduct): Indexed {
  const words = (...texts: string[]) => new Set(texts.flatMap(tokenize));
  const titled = [product.title, ...product.tags.map((tag) => tag.replace(/-/g, ' ')), product.productType];
  const phrases = new Set(titled.flatMap((text) => {
    const t = tokenize(text);
    return t.slice(1).map((word, i) => `${t[i]} ${word}`);
  }));
  return {
    product,
    phrases,
    fields: [
      { words: words(product.productType), weight: 4 },
      { words: words(product.title, ...product.tags), weight: 3 },
      { words: words(product.category, product.color.name), weight: 2 },
      { words: words(product.description), weight: 1 },
    ],
  };
}
