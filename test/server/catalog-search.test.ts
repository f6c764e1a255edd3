import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG, searchCatalog, type CatalogProduct } from '../../src/server';
import { parseQuery, tokenize } from '../../src/server/catalog/search';

const ids = (text: string) => searchCatalog(DEMO_CATALOG, text).matches.map((m) => m.product.id);
const products = (text: string) => searchCatalog(DEMO_CATALOG, text).matches.map((m) => m.product);

describe('searchCatalog', () => {
  it('finds blue light glasses first for "blue light glasses", in stock before sold out', () => {
    const found = products('blue light glasses');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.tags.includes('blue-light'))).toBe(true);
    expect(found[0]).toMatchObject({ id: 'ew01', available: true });
    const soldOut = found.findIndex((p) => !p.available);
    expect(found.slice(soldOut).every((p) => !p.available)).toBe(true);
  });

  it('keeps to the price and puts red running shoes first for "red running shoes under $100"', () => {
    const found = products('red running shoes under $100');
    expect(found.map((p) => p.id)).toEqual(['ap01', 'ap02']);
    expect(found.every((p) => p.price.amount < 100 && p.productType === 'running shoes' && p.tags.includes('red'))).toBe(true);
    // The $149 red racer matches every word but the price.
    expect(ids('red running shoes')).toContain('ap03');
  });

  it('matches shades to the skin tone asked for', () => {
    expect(ids('foundation for tan skin')).toEqual(['bt03']);
    expect(ids('concealer for very light skin')).toEqual(['bt05']);
    expect(ids('Foundation for fair skin')).toEqual(['bt01']);
    const lipsticks = products('lipstick for dark skin');
    expect(lipsticks.map((p) => p.id)).toEqual(['bt09', 'bt11']);
    expect(lipsticks.every((p) => p.suits.includes('dark'))).toBe(true);
    // Without a tone, every foundation is a candidate.
    expect(ids('foundation')).toEqual(['bt01', 'bt02', 'bt03', 'bt04']);
  });

  it('reads a face shape as what the frames should suit, not as the frame shape', () => {
    const found = products('frames for a round face');
    expect(found[0]?.id).toBe('ew10');
    expect(found.every((p) => p.suits.includes('round'))).toBe(true);
    expect(products('round frames').map((p) => p.id)[0]).toBe('ew09');
    expect(products('sunglasses for a heart shaped face').every((p) => p.productType === 'sunglasses' && p.suits.includes('heart'))).toBe(true);
  });

  it('finds nothing for words no product has', () => {
    expect(searchCatalog(DEMO_CATALOG, 'quantum flux capacitor').matches).toEqual([]);
    expect(searchCatalog(DEMO_CATALOG, 'the a of for').matches).toEqual([]);
    expect(searchCatalog(DEMO_CATALOG, '').matches).toEqual([]);
    expect(searchCatalog(DEMO_CATALOG, 'sunglasses under $10').matches).toEqual([]);
    expect(searchCatalog([], 'blue light glasses').matches).toEqual([]);
  });

  it('lists everything in a price range cheapest first when only a price is given', () => {
    const found = products('anything under $25');
    expect(found.length).toBeGreaterThan(2);
    expect(found.every((p) => p.price.amount < 25)).toBe(true);
    const prices = found.map((p) => p.price.amount);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('reads price phrases', () => {
    expect(parseQuery('shoes between $50 and $100').price).toEqual({ min: 50, max: 100, maxInclusive: true });
    expect(parseQuery('jacket up to 98').price).toEqual({ max: 98, maxInclusive: true });
    expect(parseQuery('glasses over $100').price).toEqual({ min: 100 });
    expect(parseQuery('tee below 25.50').price).toEqual({ max: 25.5, maxInclusive: false });
    expect(parseQuery('red running shoes under $100').terms).toEqual(['red', 'running', 'shoe']);
    expect(ids('jacket up to 98')).toEqual(['ap08']);
    expect(ids('jacket under 98')).toEqual([]);
  });

  it('folds plurals and synonyms the same way on both sides', () => {
    expect(tokenize('Glasses, T-Shirts & Sneakers!')).toEqual(['glass', 'shirt', 'sneaker']);
    expect(tokenize('eyeglasses spectacles')).toEqual(['glass', 'glass']);
    expect(ids('specs')).toEqual(ids('glasses'));
    expect(ids('trainers')).toContain('ap05');
  });

  it('is pure: the same query gives the same order and the catalog is untouched', () => {
    const catalog: CatalogProduct[] = structuredClone([...DEMO_CATALOG]);
    const copy = structuredClone(catalog);
    expect(searchCatalog(catalog, 'red')).toEqual(searchCatalog(catalog, 'red'));
    expect(catalog).toEqual(copy);
  });
});
