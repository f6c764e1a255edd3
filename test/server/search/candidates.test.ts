import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../../../bench/discovery/catalog-generator.mjs';
import { CatalogSearch, readCatalogDocument } from '../../../src/server';

// A question naming a kind of product scores only products of that kind: the index takes the
// candidates before scoring (what keeps a question fast at 50k products), and leaves their scores
// as the unrestricted search gives them.
describe('full-text search restricted to candidates', () => {
  const { catalog: doc } = generateCatalog({ count: 600 });
  const catalog = readCatalogDocument(doc, { baseUrl: 'https://shop.example/', source: 'synthetic', now: 0 });
  const index = new CatalogSearch().indexFor(catalog);
  const tumblers = new Set(index.itemsOfKind('tumbler'));

  it('returns only the candidates, with the scores the unrestricted search gives them', () => {
    // "insulated" is written on tumblers, bottles, mugs and jackets alike.
    const everything = index.match(['insul'], 'OR', 'all');
    const restricted = index.match(['insul'], 'OR', 'all', (position) => tumblers.has(position));
    expect(tumblers.size).toBeGreaterThan(0);
    expect(everything.some((hit) => !tumblers.has(hit.id as number))).toBe(true);
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.every((hit) => tumblers.has(hit.id as number))).toBe(true);
    const scores = new Map(everything.map((hit) => [hit.id as number, hit.score]));
    for (const hit of restricted) expect(hit.score).toBeCloseTo(scores.get(hit.id as number)!, 9);
  });
});
