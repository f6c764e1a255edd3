import MiniSearch, { type SearchResult } from 'minisearch';
import type { Catalog, CatalogItem } from '../model.js';
import { isStopWord, memoTerm, words } from './text.js';

/** Relative weight of each field in BM25: what a product is called counts more than what it says. */
export const FIELD_BOOST: Readonly<Record<IndexedField, number>> = {
  title: 3, type: 2, categories: 2, tags: 1.5, options: 1.5, vendor: 1.5, description: 1,
};

type IndexedField = 'title' | 'type' | 'categories' | 'tags' | 'options' | 'vendor' | 'description';
const FIELDS = Object.keys(FIELD_BOOST) as IndexedField[];
/** Everything but the description: what a product is called, far fewer postings to score. */
const NAME_FIELDS = FIELDS.filter((f) => f !== 'description');

interface IndexedDoc {
  id: number;
  title: string;
  type: string;
  categories: string;
  tags: string;
  options: string;
  vendor: string;
  description: string;
}

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
 * One catalog version, indexed once: a MiniSearch full-text index (BM25 with field weights) plus
 * the vocabularies that query understanding needs (product kinds, variant options). Immutable
 * after `build`; a new catalog version gets a new index.
 */
export class CatalogIndex {
  private constructor(
    readonly catalog: Catalog,
    private readonly mini: MiniSearch<IndexedDoc>,
    readonly items: readonly ItemTerms[],
    /** Every term naming a kind of product in this catalog (types, categories). */
    readonly kindVocabulary: ReadonlySet<string>,
    /** Every term of a variant option value (colours, sizes, amounts). */
    readonly optionVocabulary: ReadonlySet<string>,
    /** Every term indexed, in any field: a question's word found here needs no typo tolerance. */
    private readonly vocabulary: ReadonlySet<string>,
    /** Per kind term (types, categories, title words), the positions of the items it names. */
    private readonly kindPostings: ReadonlyMap<string, readonly number[]>,
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
    const mini = new MiniSearch<IndexedDoc>({
      fields: FIELDS,
      storeFields: [],
      tokenize: (text) => words(text),
      processTerm: (word) => {
        if (isStopWord(word)) return null;
        const t = term(word);
        vocabulary.add(t);
        return t;
      },
    });
    const vocabulary = new Set<string>();
    const kindPostings = new Map<string, number[]>();
    const kindVocabulary = new Set<string>();
    const optionVocabulary = new Set<string>();
    const items = catalog.items.map((item, id): ItemTerms => {
      mini.add(document(item, id));
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
    return new CatalogIndex(catalog, mini, items, kindVocabulary, optionVocabulary, vocabulary, kindPostings);
  }

  get version(): string {
    return this.catalog.version;
  }

  /**
   * BM25 over the weighted fields; `id` is the item's position. A word the catalog does not hold
   * is matched as the start of a longer one and with typos (one edit from 4 letters, two from 8);
   * a word it holds is matched as it is, which keeps common words from dragging in thousands of
   * near spellings. With `only`, items it refuses are skipped before they are scored: at 50k
   * products most postings of a common word belong to other kinds of product, and scoring them
   * was most of a question's time.
   */
  match(terms: readonly string[], combineWith: 'AND' | 'OR', fields: 'names' | 'all', only?: (position: number) => boolean): SearchResult[] {
    const unknown = (t: string) => !this.vocabulary.has(t) && !/\d/.test(t);
    return this.mini.search(terms.join(' '), {
      fields: fields === 'all' ? FIELDS : NAME_FIELDS,
      boost: FIELD_BOOST,
      combineWith,
      prefix: (t) => unknown(t) && t.length >= 3,
      fuzzy: (t) => (!unknown(t) ? false : t.length >= 8 ? 2 : t.length >= 4 ? 1 : false),
      // Terms are already processed: do not stem them a second time.
      processTerm: (t) => t,
      tokenize: (text) => text.split(' '),
      // MiniSearch skips a document whose boost is 0 before scoring it; 1 leaves scores as they are.
      ...(only === undefined ? {} : { boostDocument: (id: number) => (only(id) ? 1 : 0) }),
    });
  }
}

function document(item: CatalogItem, id: number): IndexedDoc {
  const options = new Set(item.variants.flatMap((v) => [v.title, ...v.options.map((o) => o.value)]));
  return {
    id,
    title: item.title,
    type: item.productType ?? '',
    categories: item.categories.join(' '),
    tags: item.tags.join(' '),
    options: [...options].join(' '),
    vendor: item.vendor ?? '',
    description: item.description,
  };
}
