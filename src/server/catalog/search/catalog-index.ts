import type { Catalog, CatalogItem } from '../model.js';
import { Bm25 } from './bm25.js';
import { PostingsBuilder } from './postings.js';
import type { ScoredHits } from './scored-hits.js';
import { isStopWord, memoTerm, words } from './text.js';

/** Relative weight of each field in BM25: what a product is called counts more than what it says. */
export const FIELD_BOOST: Readonly<Record<IndexedField, number>> = {
  title: 3, type: 2, categories: 2, tags: 1.5, options: 1.5, vendor: 1.5, description: 1,
};

export type IndexedField = 'title' | 'type' | 'categories' | 'tags' | 'options' | 'vendor' | 'description';
export const FIELDS = Object.keys(FIELD_BOOST) as IndexedField[];
const ALL_FIELDS = FIELDS.map((_, i) => i);
/** Everything but the description: what a product is called, far fewer postings to score. */
const NAME_FIELDS = ALL_FIELDS.filter((i) => FIELDS[i] !== 'description');
/**
 * Most index terms one misspelt or cut-off word is matched as. Past this many, the furthest are
 * dropped: a 3-letter start can begin hundreds of words, each a posting list to score.
 */
const MAX_EXPANSIONS = 40;

/** Per item, the terms that decide filters, precomputed so a question touches no product text. */
export interface ItemTerms {
  /** Product type, categories and title: what the product is. */
  kind: ReadonlySet<string>;
  /** Title and tags: a colour or size written there counts for every variant. */
  named: ReadonlySet<string>;
  /** Per variant: its option values and title. */
  variants: readonly ReadonlySet<string>[];
}


/**
 * Every variant's price and stock in flat arrays: item `p`'s variants are `first[p]` to
 * `first[p + 1]`. Ranking reads these for every variant of its candidates; the variant objects
 * come in several shapes and lie all over the heap, and reading them was most of a question's time.
 */
export interface VariantTable {
  readonly first: Uint32Array;
  readonly prices: Float64Array;
  /** 1 when the variant is available. */
  readonly stock: Uint8Array;
}

/**
 * One catalog version, indexed once: a full-text index (BM25 with field weights, scored as
 * MiniSearch scores, see `Bm25`) plus
 * the vocabularies that query understanding needs (product kinds, variant options). Immutable
 * after `build`; a new catalog version gets a new index.
 */
export class CatalogIndex {
  private constructor(
    readonly catalog: Catalog,
    private readonly bm25: Bm25,
    readonly items: readonly ItemTerms[],
    /** Every term naming a kind of product in this catalog (types, categories). */
    readonly kindVocabulary: ReadonlySet<string>,
    /** Every term of a variant option value (colours, sizes, amounts). */
    readonly optionVocabulary: ReadonlySet<string>,
    /** Per kind term (types, categories, title words), the positions of the items it names. */
    private readonly kindPostings: ReadonlyMap<string, readonly number[]>,
    readonly variants: VariantTable,
  ) {}

  /** Positions of the items whose kind or title holds `t`. */
  itemsOfKind(t: string): readonly number[] {
    return this.kindPostings.get(t) ?? [];
  }

  static build(catalog: Catalog): CatalogIndex {
    const term = memoTerm();
    // Option values and types repeat across thousands of items ("Red", "XL"): read each once.
    const known = new Map<string, string[]>();
    const termsIn = (text: string): string[] => {
      let found = known.get(text);
      if (found === undefined) {
        found = words(text).filter((w) => !isStopWord(w)).map(term);
        if (text.length <= 60) known.set(text, found);
      }
      return found;
    };
    const termsOf = (...texts: string[]): Set<string> => new Set(texts.flatMap(termsIn));
    // Variants ("Black / XL") and kinds (a type and its departments) repeat across thousands of
    // items: items with the same texts share one (read-only) set, built once.
    const shared = new Map<string, ReadonlySet<string>>();
    const sharedTermsOf = (...texts: string[]): ReadonlySet<string> => {
      const key = texts.join('\u0000');
      let found = shared.get(key);
      if (found === undefined) shared.set(key, (found = termsOf(...texts)));
      return found;
    };
    const postings = new PostingsBuilder(FIELDS.length, { words, term: (word) => (isStopWord(word) ? undefined : term(word)) });
    const kindPostings = new Map<string, number[]>();
    const kindVocabulary = new Set<string>();
    const optionVocabulary = new Set<string>();
    const items = catalog.items.map((item, id): ItemTerms => {
      postings.add(fieldTexts(item));
      const kinds = sharedTermsOf(item.productType ?? '', ...item.categories);
      for (const k of kinds) kindVocabulary.add(k);
      const variants = item.variants.map((v) => sharedTermsOf(v.title, ...v.options.map((o) => o.value)));
      for (const v of variants) for (const t of v) optionVocabulary.add(t);
      const kind = new Set([...kinds, ...termsOf(item.title)]);
      for (const k of kind) {
        const posting = kindPostings.get(k);
        if (posting === undefined) kindPostings.set(k, [id]);
        else posting.push(id);
      }
      return { kind, named: termsOf(item.title, ...item.tags), variants };
    });
    // A word the catalog does not hold is matched as the start of a longer one and with typos (one
    // edit from 4 letters, two from 8); a word it holds is matched as it is, which keeps common
    // words from dragging in thousands of near spellings.
    const bm25 = new Bm25(postings.build(), FIELDS.map((f) => FIELD_BOOST[f]), {
      prefix: (t, indexed) => !indexed && !/\d/.test(t) && t.length >= 3,
      fuzzy: (t, indexed) => (indexed || /\d/.test(t) ? 0 : t.length >= 8 ? 2 : t.length >= 4 ? 1 : 0),
      maxExpansions: MAX_EXPANSIONS,
    });
    return new CatalogIndex(catalog, bm25, items, kindVocabulary, optionVocabulary, kindPostings, variantTable(catalog.items));
  }

  get version(): string {
    return this.catalog.version;
  }

  /**
   * BM25 over the weighted fields (all, or the names of products: all but the description) of
   * the items holding any of `terms`, each with the number of terms it holds. With `candidates`
   * (positions, ascending), only those items are scored, each as the unrestricted search scores
   * it: at 50k products most postings of a common word belong to other kinds of product, and
   * scoring them was most of a question's time.
   */
  match(terms: readonly string[], fields: 'names' | 'all', candidates?: ArrayLike<number>): ScoredHits {
    return this.bm25.search(terms, fields === 'all' ? ALL_FIELDS : NAME_FIELDS, candidates);
  }
}

function variantTable(items: readonly CatalogItem[]): VariantTable {
  const first = new Uint32Array(items.length + 1);
  items.forEach((item, p) => (first[p + 1] = first[p]! + item.variants.length));
  const prices = new Float64Array(first[items.length]!);
  const stock = new Uint8Array(prices.length);
  items.forEach((item, p) => item.variants.forEach((v, i) => {
    prices[first[p]! + i] = v.price.amount;
    stock[first[p]! + i] = Number(v.available);
  }));
  return { first, prices, stock };
}

/** The indexed texts of an item, in `FIELDS` order (exported for the scoring tests). */
export function fieldTexts(item: CatalogItem): string[] {
  const options = new Set(item.variants.flatMap((v) => [v.title, ...v.options.map((o) => o.value)]));
  const text: Record<IndexedField, string> = {
    title: item.title,
    type: item.productType ?? '',
    categories: item.categories.join(' '),
    tags: item.tags.join(' '),
    options: [...options].join(' '),
    vendor: item.vendor ?? '',
    description: item.description,
  };
  return FIELDS.map((f) => text[f]);
}
