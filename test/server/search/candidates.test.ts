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
  const tumblers = [...new Set(index.itemsOfKind('tumbler'))].sort((a, b) => a - b);

  it('returns only the candidates, with the scores the unrestricted search gives them', () => {
    // "insulated" (term `insul`) is written on tumblers, bottles, mugs and jackets alike; "insu" is
    // cut off and "insol" misspelt, which match through expansions.
    // All the tumblers are checked along each posting; a few are looked up in it.
    const cases = [['insul'], ['insu'], ['insol'], ['black', 'insul']].flatMap((terms) => [{ terms, candidates: tumblers }, { terms, candidates: tumblers.slice(0, 3) }]);
    for (const { terms, candidates } of cases) {
      const everything = index.match(terms, 'all').top(Infinity);
      const restricted = index.match(terms, 'all', candidates).top(Infinity);
      expect(tumblers.length).toBeGreaterThan(0);
      expect(everything.some((hit) => !tumblers.includes(hit.position))).toBe(true);
      expect(restricted.length).toBeGreaterThan(0);
      expect(restricted.every((hit) => candidates.includes(hit.position))).toBe(true);
      const scores = new Map(everything.map((hit) => [hit.position, hit.score]));
      for (const hit of restricted) expect(hit.score).toBe(scores.get(hit.position));
    }
  });
});
