import { describe, expect, it } from 'vitest';
import { CatalogSearch, loadDemoCatalog, parseQuery, searchCatalog, type Catalog, type CatalogItem } from '../../src/server';

const DEMO = loadDemoCatalog({ publicUrl: 'https://chat.example' });
const search = new CatalogSearch();
const found = (text: string, catalog: Catalog = DEMO) => search.search(catalog, text).matches;
const ids = (text: string) => found(text).map((m) => m.item.id);
const inStock = (item: CatalogItem) => item.variants.some((v) => v.available);

describe('searchCatalog on the demo catalog', () => {
  it('finds blue light glasses first for "blue light glasses", in stock before sold out', () => {
    const matches = found('blue light glasses');
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.every((m) => m.item.tags.includes('blue-light'))).toBe(true);
    expect(matches[0]!.item.id).toBe('ew01');
    const soldOut = matches.findIndex((m) => !inStock(m.item));
    expect(matches.slice(soldOut).every((m) => !inStock(m.item))).toBe(true);
  });

  it('keeps to the price and puts red running shoes first for "red running shoes under $100"', () => {
    const matches = found('red running shoes under $100');
    expect(matches.map((m) => m.item.id)).toEqual(['ap01', 'ap02']);
    expect(matches.every((m) => m.variant.price.amount < 100)).toBe(true);
    // The $149 red racer matches every word but the price.
    expect(ids('red running shoes')).toContain('ap03');
  });

  it('matches shades to the skin tone asked for', () => {
    expect(ids('foundation for tan skin')).toEqual(['bt03']);
    expect(ids('concealer for very light skin')).toEqual(['bt05']);
    expect(ids('Foundation for fair skin')).toEqual(['bt01']);
    expect(ids('lipstick for dark skin').sort()).toEqual(['bt09', 'bt11']);
    expect(ids('foundation')).toEqual(['bt01', 'bt02', 'bt03', 'bt04']);
  });

  it('reads a face shape as what the frames should suit, not as the frame shape', () => {
    const matches = found('frames for a round face');
    expect(matches[0]?.item.id).toBe('ew10');
    expect(matches.every((m) => m.item.suits.includes('round'))).toBe(true);
    expect(ids('round frames')[0]).toBe('ew09');
    expect(found('sunglasses for a heart shaped face').every((m) => m.item.productType === 'sunglasses' && m.item.suits.includes('heart'))).toBe(true);
  });

  it('finds through typos and cut-off words', () => {
    expect(found('sunglases').map((m) => m.item.productType)).toEqual(['sunglasses', 'sunglasses', 'sunglasses', 'sunglasses']);
    expect(found('lipstik').every((m) => m.item.productType === 'lipstick')).toBe(true);
    expect(found('lipstik').length).toBe(3);
    expect(ids('concea').sort()).toEqual(['bt05', 'bt06', 'bt07', 'bt08']);
  });

  it('finds nothing for words no product has, and never something unrelated', () => {
    expect(found('quantum flux capacitor')).toEqual([]);
    expect(found('the a of for')).toEqual([]);
    expect(found('')).toEqual([]);
    expect(searchCatalog({ ...DEMO, items: [], version: 'empty' }, 'blue light glasses').matches).toEqual([]);
  });

  it('answers "sunglasses under $50" with the cheapest pair as the nearest, over budget', () => {
    const result = search.search(DEMO, 'sunglasses under $50');
    expect(result.matches).toEqual([]);
    expect(result.nearest?.item.id).toBe('ew08');
    expect(result.nearest?.variant.price.amount).toBe(75);
  });

  it('lists everything in a price range cheapest first when only a price is given', () => {
    const matches = found('anything under $25');
    expect(matches.length).toBeGreaterThan(2);
    const prices = matches.map((m) => m.variant.price.amount);
    expect(prices.every((p) => p < 25)).toBe(true);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('keeps "cheap" to the lower band of what matches', () => {
    const all = found('jacket').map((m) => m.variant.price.amount);
    const cheap = found('cheap jacket').map((m) => m.variant.price.amount);
    expect(cheap.length).toBeGreaterThan(0);
    expect(cheap.length).toBeLessThan(all.length);
    expect(Math.max(...cheap)).toBeLessThan(Math.max(...all));
  });

  it('is pure: the same query gives the same order and the catalog is untouched', () => {
    const copy = structuredClone(DEMO);
    expect(searchCatalog(DEMO, 'red')).toEqual(searchCatalog(DEMO, 'red'));
    expect(DEMO).toEqual(copy);
  });

  it('indexes a catalog version once and a new version again', () => {
    const own = new CatalogSearch();
    const first = own.indexFor(DEMO);
    expect(own.indexFor(DEMO)).toBe(first);
    const next: Catalog = { ...DEMO, version: 'v2', items: DEMO.items.slice(0, 3) };
    expect(own.indexFor(next)).not.toBe(first);
    expect(own.search(next, 'sunglasses').matches).toEqual([]);
  });
});

describe('parseQuery', () => {
  it('reads price phrases in the five languages', () => {
    expect(parseQuery('shoes between $50 and $100').price).toEqual({ min: 50, max: 100, maxInclusive: true });
    expect(parseQuery('jacket up to 98').price).toEqual({ max: 98, maxInclusive: true });
    expect(parseQuery('glasses over $100').price).toEqual({ min: 100 });
    expect(parseQuery('tee below 25.50').price).toEqual({ max: 25.5, maxInclusive: false });
    expect(parseQuery('less than 30 euros').price).toEqual({ max: 30, maxInclusive: false });
    expect(parseQuery('between 20 and 40').price).toEqual({ min: 20, max: 40, maxInclusive: true });
    expect(parseQuery('lunettes de soleil à moins de 50 €').price).toEqual({ max: 50, maxInclusive: false });
    expect(parseQuery('Sonnenbrille unter 50 Euro').price).toEqual({ max: 50, maxInclusive: false });
    expect(parseQuery('gafas de sol por menos de 50').price).toEqual({ max: 50, maxInclusive: false });
    expect(parseQuery('نظارات شمسية أقل من ٥٠').price).toEqual({ max: 50, maxInclusive: false });
    expect(parseQuery('entre 20 et 40 euros').price).toEqual({ min: 20, max: 40, maxInclusive: true });
  });

  it('keeps sizes and amounts as words, not prices', () => {
    expect(parseQuery('40 oz tumbler').price).toEqual({});
    expect(parseQuery('40 oz tumbler').terms).toContain('40oz');
    expect(parseQuery('40oz tumbler').terms).toContain('40oz');
    expect(parseQuery('2 quart pot').terms).toContain('2qt');
    expect(parseQuery('hoodie in XL').terms).toContain('xl');
  });

  it('reads cheap, in stock, greetings and store questions', () => {
    expect(parseQuery('cheap sunglasses').cheap).toBe(true);
    expect(parseQuery('lunettes pas cher').cheap).toBe(true);
    expect(parseQuery('günstige Sonnenbrille').cheap).toBe(true);
    expect(parseQuery('jackets in stock').inStockOnly).toBe(true);
    expect(parseQuery('Good morning').greeting).toBe(true);
    expect(parseQuery('hi, show me sunglasses').greeting).toBe(false);
    expect(parseQuery('what is your return policy?').policy).toBe('returns');
    expect(parseQuery('Wie lange dauert der Versand?').policy).toBe('shipping');
    expect(parseQuery('¿Cuál es el horario?').policy).toBe('hours');
    expect(parseQuery('red running shoes under $100').terms).toEqual(['red', 'run', 'shoe']);
  });
});
