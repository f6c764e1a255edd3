import type { CatalogItem, CatalogVariant } from '../model.js';
import type { CatalogIndex } from './catalog-index.js';
import { isColourTerm, parseQuery, type CatalogQuery } from './query.js';
import type { Hit, ScoredHits } from './scored-hits.js';

export interface CatalogMatch {
  item: CatalogItem;
  /** The variant that answers the question best: the asked colour or size, within the price. */
  variant: CatalogVariant;
  score: number;
}

export interface CatalogSearchResult {
  query: CatalogQuery;
  /** Best first. Empty when nothing honest matches. */
  matches: CatalogMatch[];
  /**
   * True when no product has everything asked (a colour, a size) and `matches` are the same kind
   * of product without it: the answer should say so.
   */
  partial: boolean;
  /** Words of the question that matched nothing in the catalog ("red" when no red sunglasses). */
  missing: string[];
  /**
   * When the price limits left nothing: the matching product nearest to them (the cheapest over a
   * maximum), for an honest "this is over your budget" answer.
   */
  nearest?: CatalogMatch;
}

const SOLD_OUT_FACTOR = 0.75;
/** Most full-text hits looked at per question. */
const MAX_CANDIDATES = 1500;
/** Matches scoring under this share of the best one are noise (one weak word of several). */
const RELATIVE_FLOOR = 0.3;
/** "cheap" keeps the matches in the lowest third of their prices. */
const CHEAP_QUANTILE = 1 / 3;

/** The kind words of the catalog a query term names, allowing a typo or a cut-off word. */
function kindsNamed(termText: string, vocabulary: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  if (vocabulary.has(termText)) return new Set([termText]);
  if (termText.length < 4 || /\d/.test(termText)) return found;
  const maxEdits = termText.length >= 8 ? 2 : 1;
  for (const word of vocabulary) {
    if (word.startsWith(termText) || withinEdits(termText, word, maxEdits)) found.add(word);
  }
  return found;
}

/** Levenshtein distance at most `max`, stopping as soon as it cannot be. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    previous = current;
  }
  return previous[b.length]! <= max;
}

function inRange(amount: number, price: CatalogQuery['price']): boolean {
  if (price.min !== undefined && amount < price.min) return false;
  if (price.max !== undefined && (price.maxInclusive === false ? amount >= price.max : amount > price.max)) return false;
  return true;
}

/**
 * The variant to show, as its number within the item: most asked options, then in stock, then
 * cheapest; -1 when none fits. Prices and stock come from the index's flat variant table: this
 * runs for every variant of up to MAX_CANDIDATES hits per question, and reading them from the
 * variant objects (of several shapes, scattered over the heap) was most of a question's time.
 */
function pickVariant(index: CatalogIndex, position: number, options: readonly string[], price: CatalogQuery['price'], inStockOnly: boolean): number {
  const { first, prices, stock } = index.variants;
  const start = first[position]!;
  const count = first[position + 1]! - start;
  // The option terms of each variant, read only when options are asked.
  const held = options.length > 0 ? index.items[position]!.variants : undefined;
  let best = -1;
  let bestHas = -1;
  let bestAvailable = -1;
  let bestAmount = Infinity;
  for (let i = 0; i < count; i++) {
    const amount = prices[start + i]!;
    const available = stock[start + i]!;
    if (!inRange(amount, price) || (inStockOnly && available === 0)) continue;
    let has = 0;
    if (held !== undefined) for (const o of options) if (held[i]!.has(o)) has++;
    if (has > bestHas || (has === bestHas && (available > bestAvailable || (available === bestAvailable && amount < bestAmount)))) {
      best = i;
      bestHas = has;
      bestAvailable = available;
      bestAmount = amount;
    }
  }
  return best;
}

/** A match while ranking: plain numbers, so filtering and sorting read no product object. */
interface Ranked {
  position: number;
  /** The variant's number within its item. */
  variant: number;
  score: number;
  available: number;
  amount: number;
}

/**
 * Ranks an indexed catalog for a shopper's sentence. BM25 finds candidates; then the question's
 * understanding decides: a named kind of product (sunglasses) must be what the product is, an
 * asked option (red, XL, 40 oz) picks the variant and, when no product has it, makes the answer
 * partial rather than unrelated; price limits apply per variant; "cheap" keeps the lower band;
 * sold-out products rank lower. Pure: the same index and text give the same result.
 */
export function rank(index: CatalogIndex, text: string, query: CatalogQuery = parseQuery(text)): CatalogSearchResult {
  const { terms, suits, price } = query;
  const priced = price.min !== undefined || price.max !== undefined;
  const empty: CatalogSearchResult = { query, matches: [], partial: false, missing: [] };
  if (terms.length === 0 && suits.length === 0 && !priced && !query.cheap) return empty;

  const kindTerms = terms.map((t) => [...kindsNamed(t, index.kindVocabulary)]).filter((k) => k.length > 0);
  const optionTerms = terms.filter((t) => (index.optionVocabulary.has(t) || isColourTerm(t)) && !index.kindVocabulary.has(t));
  // The most specific kind named wins: "reading glasses" are not any glasses. Counted from the
  // kind postings, which are short, rather than over every hit, into flat arrays: at 50k products
  // a Map per question cost more than the counting.
  let named: Uint16Array | undefined;
  let most = 1;
  if (kindTerms.length > 0) {
    named = new Uint16Array(index.items.length);
    // Which kind group last counted a position: one group's several words count an item once.
    const countedBy = new Uint16Array(index.items.length);
    kindTerms.forEach((kinds, group) => {
      for (const k of kinds) {
        for (const position of index.itemsOfKind(k)) {
          if (countedBy[position] === group + 1) continue;
          countedBy[position] = group + 1;
          most = Math.max(most, ++named![position]!);
        }
      }
    });
  }
  const found = new Set<string>();
  const collect = (hits: readonly Hit[]) => {
    const exact: Ranked[] = [];
    const partial: Ranked[] = [];
    const overBudget: Ranked[] = [];
    for (const hit of hits) {
      if (named !== undefined && named[hit.position]! < most) continue;
      // Product objects are read only when the question needs them: at 50k products, reading
      // them for every hit was most of what ranking cost (they lie all over the heap).
      if (suits.length > 0 && !suits.some((s) => index.catalog.items[hit.position]!.suits.includes(s))) continue;
      // Without a kind or an option to anchor it, a product must match at least half the words.
      if (kindTerms.length === 0 && optionTerms.length === 0 && terms.length > 0 && hit.covered * 2 < terms.length) continue;
      const itemTerms = optionTerms.length === 0 ? undefined : index.items[hit.position]!;
      const missing = itemTerms === undefined ? optionTerms : optionTerms.filter((o) => !itemTerms.named.has(o) && !itemTerms.variants.some((v) => v.has(o)));
      if (missing.length < optionTerms.length) for (const o of optionTerms) if (!missing.includes(o)) found.add(o);
      const { position } = hit;
      const variant = pickVariant(index, position, optionTerms, price, query.inStockOnly);
      const coverage = terms.length > 0 ? hit.covered / terms.length : 1;
      let score = hit.score * (0.5 + 0.5 * coverage) + (suits.length > 0 ? 1 : 0);
      const start = index.variants.first[position]!;
      if (variant < 0) {
        const anyVariant = pickVariant(index, position, optionTerms, {}, query.inStockOnly);
        if (anyVariant >= 0 && missing.length === 0) overBudget.push({ position, variant: anyVariant, score, available: index.variants.stock[start + anyVariant]!, amount: index.variants.prices[start + anyVariant]! });
        continue;
      }
      const available = index.variants.stock[start + variant]!;
      if (available === 0) score *= SOLD_OUT_FACTOR;
      (missing.length === 0 ? exact : partial).push({ position, variant, score, available, amount: index.variants.prices[start + variant]! });
    }
    return { exact, partial, overBudget };
  };
  // BM25 order is relevance order: past the best MAX_CANDIDATES nothing would be shown anyway, and
  // reading every variant of every weak hit is what costs at 50k products.
  // A named kind decides before scoring: products of other kinds are never scored at all.
  let candidates: number[] | undefined;
  if (named !== undefined) {
    candidates = [];
    for (let position = 0; position < named.length; position++) if (named[position]! >= most) candidates.push(position);
  }
  // One search per field set answers both steps below: a product holding every word scores the
  // same whether or not others are asked for, so the hits holding every word are the best of those
  // that cover every word, and the fallbacks cost no second search.
  let names: ScoredHits | undefined;
  let all: ScoredHits | undefined;
  const byNames = () => (names ??= index.match(terms, 'names', candidates));
  const byAll = () => (all ??= index.match(terms, 'all', candidates));
  // Products holding every word first: far fewer candidates than any word, and what a shopper
  // means. Only when none fits does any word count, for the nearest honest alternative.
  // Descriptions hold most of the words of a catalog: they are searched only when the names of
  // products (title, type, categories, tags, options, vendor) do not answer.
  const none = (c: ReturnType<typeof collect>) => c.exact.length + c.partial.length + c.overBudget.length === 0;
  let collected = terms.length > 0
    ? collect(byNames().top(MAX_CANDIDATES, terms.length))
    : collect(index.catalog.items.map((_, position) => ({ position, score: 1, covered: 0 })));
  if (terms.length > 0 && none(collected)) collected = collect(byAll().top(MAX_CANDIDATES, terms.length));
  // Nothing holds every word: the nearest honest alternatives are the same kind of product, found
  // by any word of their names, and only then by any word at all.
  if (terms.length > 1 && none(collected)) collected = collect(byNames().top(MAX_CANDIDATES));
  if (terms.length > 1 && none(collected)) collected = collect(byAll().top(MAX_CANDIDATES));
  const { exact, partial, overBudget } = collected;

  let matches = exact.length > 0 ? exact : partial;
  let best = 0;
  for (const m of matches) best = Math.max(best, m.score);
  matches = matches.filter((m) => m.score >= best * RELATIVE_FLOOR);
  if (query.cheap && matches.length > 1) {
    const prices = Float64Array.from(matches, (m) => m.amount).sort();
    const cutoff = prices[Math.floor((prices.length - 1) * CHEAP_QUANTILE)]!;
    matches = matches.filter((m) => m.amount <= cutoff);
  }
  const byPrice = query.cheap || terms.length === 0;
  // Array.prototype.sort is stable: ties keep catalog order.
  // In stock first, whatever the score: a shopper can buy those today.
  matches.sort((a, b) => b.available - a.available || (byPrice ? a.amount - b.amount : 0) || b.score - a.score);
  const asMatch = ({ position, variant, score }: Ranked): CatalogMatch => {
    const item = index.catalog.items[position]!;
    return { item, variant: item.variants[variant]!, score };
  };
  const result: CatalogSearchResult = {
    query,
    matches: matches.map(asMatch),
    partial: exact.length === 0 && matches.length > 0,
    missing: optionTerms.filter((o) => !found.has(o)),
  };
  if (matches.length === 0 && overBudget.length > 0) {
    // Nearest to the limit asked: the cheapest above a maximum, the dearest below a minimum.
    const sorted = overBudget.sort((a, b) => (price.max !== undefined ? a.amount - b.amount : b.amount - a.amount));
    result.nearest = asMatch(sorted[0]!);
  }
  return result;
}
