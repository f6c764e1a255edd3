import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { readCatalogDocument, type Catalog } from '../../../src/server';
import { CatalogIndex, FIELD_BOOST, FIELDS, fieldTexts } from '../../../src/server/catalog/search/catalog-index';
import { parseQuery } from '../../../src/server/catalog/search/query';
import { isStopWord, memoTerm, words } from '../../../src/server/catalog/search/text';

// The index scores BM25 itself (to score only candidates at 50k products), as MiniSearch 7 scores
// it. The reference here is MiniSearch configured as the index used it before: the same fields and
// boosts, words and terms, prefix and typo rules. Same hits, same scores (to the bit: the same
// sums in the same order), same words covered.

function store(): Catalog {
  const variant = (id: string, colour: string, price: number) => ({ id, title: colour, options: [{ name: 'Color', value: colour }], price, available: true });
  const item = (id: string, title: string, productType: string, categories: string[], tags: string[], description: string, colours: string[], vendor?: string) => ({
    id, title, productType, categories, tags, description, url: `products/${id}`, ...(vendor === undefined ? {} : { vendor }),
    variants: colours.map((c, i) => variant(`${id}-${i}`, c, 20 + i)),
  });
  const doc = {
    currency: 'USD',
    items: [
      item('a', 'Aviator Sunglasses', 'Sunglasses', ['Eyewear'], ['polarized', 'metal'], 'Metal aviator sunglasses with polarized lenses.', ['Black', 'Gold'], 'Ray'),
      item('b', 'Sunglass Case', 'Case', ['Accessories'], ['hard shell'], 'Keeps your sunglasses safe. Sunglass cases in black.', ['Black', 'Brown']),
      item('c', 'Linen Sundress', 'Dress', ['Apparel'], ['summer'], 'Light linen for sunny days; pairs with sunglasses.', ['White', 'Blue']),
      item('d', 'Quencher Tumbler 40 oz', 'Tumbler', ['Drinkware'], ['insulated'], 'Insulated tumbler, keeps drinks cold. Tumblers stack.', ['Black', 'Red', 'Rose'], 'Stanley'),
      item('e', 'Trail Water Bottle', 'Water Bottle', ['Drinkware'], ['insulated', 'leakproof'], 'An insulated bottle for the trail.', ['Green']),
      item('f', 'Sunny Day Tumbler', 'Tumbler', ['Drinkware'], ['sun'], 'A tumbler for sunny days, sunglasses not included.', ['Yellow', 'Black']),
      item('g', 'Wayfarer Sunglasses', 'Sunglasses', ['Eyewear'], ['uv400'], 'Acetate wayfarers.', ['Black'], 'Ray'),
      item('h', 'Cloud Hoodie', 'Hoodie', ['Apparel'], ['fleece'], 'Brushed fleece hoodie. Pairs well with our sunglasses and tumblers.', ['Grey', 'Black']),
    ],
  };
  return readCatalogDocument(doc, { baseUrl: 'https://shop.example/', source: 'test', now: 0 });
}

/** MiniSearch over the same texts, searched as `CatalogIndex.match` searched it before. */
function reference(catalog: Catalog) {
  const term = memoTerm();
  const vocabulary = new Set<string>();
  const mini = new MiniSearch<Record<string, string | number>>({
    fields: FIELDS,
    tokenize: (text) => words(text),
    processTerm: (word) => (isStopWord(word) ? null : (vocabulary.add(term(word)), term(word))),
  });
  mini.addAll(catalog.items.map((item, id) => ({ id, ...Object.fromEntries(FIELDS.map((f, i) => [f, fieldTexts(item)[i]!])) })));
  const unknown = (t: string) => !vocabulary.has(t) && !/\d/.test(t);
  return (terms: string[], fields: 'names' | 'all', only?: number[]) => mini.search(terms.join(' '), {
    fields: fields === 'all' ? FIELDS : FIELDS.filter((f) => f !== 'description'),
    boost: FIELD_BOOST,
    prefix: (t) => unknown(t) && t.length >= 3,
    fuzzy: (t) => (!unknown(t) ? false : t.length >= 8 ? 2 : t.length >= 4 ? 1 : false),
    processTerm: (t) => t,
    tokenize: (text) => text.split(' '),
    ...(only === undefined ? {} : { boostDocument: (id: number) => (only.includes(id) ? 1 : 0) }),
  }).map((r) => ({ position: r.id as number, score: r.score, covered: r.queryTerms.length }))
    // Equal scores in catalog order, as the index gives them.
    .sort((a, b) => b.score - a.score || a.position - b.position);
}

describe('BM25 scored by the index', () => {
  const catalog = store();
  const index = CatalogIndex.build(catalog);
  const mini = reference(catalog);
  const questions = {
    plain: 'sunglasses',
    'plain, several words': 'black insulated tumbler',
    'a word only descriptions hold': 'drinks',
    'prefix (a cut-off word)': 'sungl',
    'typo (one edit)': 'tumblr',
    'typo (two edits, 8 letters or more)': 'sunglasess',
    'prefix and typo together': 'sunn',
    'known and misspelt words': 'black sunglases',
    'nothing matches': 'quantum capacitor',
  };

  for (const [kind, text] of Object.entries(questions)) {
    it(`gives MiniSearch's hits, scores and coverage: ${kind} ("${text}")`, () => {
      const terms = parseQuery(text).terms;
      for (const fields of ['names', 'all'] as const) {
        const expected = mini(terms, fields);
        const got = index.match(terms, fields).top(Infinity);
        expect(got.map((h) => [h.position, h.covered])).toEqual(expected.map((h) => [h.position, h.covered]));
        got.forEach((hit, i) => expect(hit.score).toBe(expected[i]!.score));
        if (kind !== 'nothing matches' && fields === 'all') expect(got.length).toBeGreaterThan(0);
      }
    });
  }

  it('scores candidates as MiniSearch scores them when it skips the others', () => {
    // Many candidates are checked along each posting; a few are looked up in it.
    for (const candidates of [[0, 3, 5, 6], [5], [1, 7]]) for (const text of Object.values(questions)) {
      const terms = parseQuery(text).terms;
      const expected = mini(terms, 'all', candidates);
      const got = index.match(terms, 'all', candidates).top(Infinity);
      expect(got.map((h) => [h.position, h.covered])).toEqual(expected.map((h) => [h.position, h.covered]));
      got.forEach((hit, i) => expect(hit.score).toBe(expected[i]!.score));
    }
  });

  it('keeps the best of many hits, best first, equal scores in catalog order', () => {
    const terms = parseQuery('black sunglasses tumbler').terms;
    const everything = index.match(terms, 'all').top(Infinity);
    for (const limit of [1, 2, 3, 5]) expect(index.match(terms, 'all').top(limit)).toEqual(everything.slice(0, limit));
    expect(index.match(terms, 'all').top(Infinity, terms.length)).toEqual(everything.filter((h) => h.covered === terms.length));
  });

  it('matches a cut-off word as at most 40 terms, the closest ones', () => {
    // 45 five-letter words and 5 longer ones start with "sun": "sun" is held by none of them.
    const letters = 'bdfgkmnprt';
    const short = Array.from({ length: 45 }, (_, i) => `sun${letters[Math.floor(i / 10)]}${letters[i % 10]}`);
    const long = Array.from({ length: 5 }, (_, i) => `sun${letters[i]}kkkkk`);
    const doc = {
      currency: 'USD',
      items: [...short, ...long].map((word, i) => ({ id: `w${i}`, title: word, url: `p/${i}`, variants: [{ id: `v${i}`, price: 1, available: true }] })),
    };
    const catalog = readCatalogDocument(doc, { baseUrl: 'https://shop.example/', source: 'test', now: 0 });
    const words = CatalogIndex.build(catalog);
    const hits = words.match(['sun'], 'names').top(Infinity);
    expect(hits).toHaveLength(40);
    expect(hits.every((h) => h.position < short.length)).toBe(true);
    // Under the cap, every expansion counts, as in MiniSearch.
    const sunk = words.match(['sunk'], 'names').top(Infinity);
    expect(sunk.length).toBeGreaterThanOrEqual(10);
    expect(sunk).toEqual(reference(catalog)(['sunk'], 'names'));
  });
});
