import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../../../bench/discovery/catalog-generator.mjs';
import { evaluate, ours, plainBm25 } from '../../../bench/discovery/evaluate.mjs';
import { labelledQueries } from '../../../bench/discovery/queries.mjs';
import { CatalogSearch, readCatalogDocument } from '../../../src/server';

// The labelled set of bench/discovery (rules in queries.mjs), on a 600-product synthetic store:
// our search against plain BM25 of the same library with default settings, in the same run.
describe('discovery relevance', () => {
  const { catalog: doc, truths } = generateCatalog({ count: 600 });
  const catalog = readCatalogDocument(doc, { baseUrl: 'https://shop.example/', source: 'synthetic', now: 0 });
  const queries = labelledQueries(truths);

  it('has a labelled set of 50+ questions of every kind, with a held-out half', () => {
    expect(queries.length).toBeGreaterThanOrEqual(50);
    expect(new Set(queries.map((q) => q.kind)).size).toBeGreaterThanOrEqual(10);
    expect(queries.filter((q) => q.heldOut).length).toBeGreaterThanOrEqual(queries.length / 3);
  });

  it('beats plain BM25 by at least 0.10 NDCG@10, on all questions and on the held-out half', () => {
    for (const set of [queries, queries.filter((q) => q.heldOut)]) {
      const mine = evaluate(set, ours(catalog, CatalogSearch));
      const plain = evaluate(set, plainBm25(catalog));
      expect(mine.ndcg - plain.ndcg).toBeGreaterThanOrEqual(0.1);
      expect(mine.exact).toBeGreaterThan(plain.exact);
    }
  });
});
