// Relevance of a ranking function over the labelled questions: NDCG@10 (graded, log2 discount,
// ideal from the labels) and exact-at-1 (the first product has the top grade, 3). A question with
// no relevant product (a store question) scores 1 when nothing is shown and 0 otherwise, on both.
import MiniSearch from 'minisearch';

const K = 10;

function dcg(grades) {
  return grades.slice(0, K).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** Scores one question: `ranked` are item positions, best first. */
export function scoreQuestion(query, ranked) {
  const ideal = [...query.grades.values()].sort((a, b) => b - a);
  if (ideal.length === 0 || ideal[0] === 0) {
    const score = ranked.length === 0 ? 1 : 0;
    return { ndcg: score, exact: score };
  }
  const got = ranked.slice(0, K).map((i) => query.grades.get(i) ?? 0);
  const best = dcg(ideal);
  return { ndcg: best > 0 ? dcg(got) / best : 0, exact: ideal[0] === 3 ? Number(got[0] === 3) : Number((got[0] ?? 0) === ideal[0]) };
}

/** Mean NDCG@10 and exact-at-1 of `rank(text) => positions` over `queries`. */
export function evaluate(queries, rank) {
  let ndcg = 0;
  let exact = 0;
  const perQuery = [];
  for (const query of queries) {
    const s = scoreQuestion(query, rank(query.text));
    ndcg += s.ndcg;
    exact += s.exact;
    perQuery.push({ text: query.text, kind: query.kind, ...s });
  }
  return { ndcg: ndcg / queries.length, exact: exact / queries.length, count: queries.length, perQuery };
}

/**
 * Plain BM25 of the same library with its default settings (no boosts, no prefix, no typos, its
 * own tokenizer), over title, type, tags, options and description: the baseline.
 */
export function plainBm25(catalog) {
  const mini = new MiniSearch({ fields: ['title', 'type', 'tags', 'options', 'description'] });
  mini.addAll(catalog.items.map((item, id) => ({
    id,
    title: item.title,
    type: item.productType ?? '',
    tags: item.tags.join(' '),
    options: item.variants.flatMap((v) => v.options.map((o) => o.value)).join(' '),
    description: item.description,
  })));
  return (text) => mini.search(text).map((r) => r.id);
}

/** Our search through a `CatalogSearch`, as the responder shows it (the nearest when nothing fits). */
export function ours(catalog, CatalogSearch) {
  const search = new CatalogSearch();
  const position = new Map(catalog.items.map((item, i) => [item, i]));
  search.indexFor(catalog);
  return (text) => {
    const result = search.search(catalog, text);
    if (result.query.policy !== undefined && result.query.terms.every((t) => !search.indexFor(catalog).kindVocabulary.has(t))) return [];
    const shown = result.matches.length > 0 ? result.matches : result.nearest ? [result.nearest] : [];
    return shown.map((m) => position.get(m.item));
  };
}
