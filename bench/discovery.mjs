// 7. Discovery: relevance of our catalog search against plain BM25 of the same library (MiniSearch
// with default settings) on the labelled questions of bench/discovery/queries.mjs, in the same
// run; then index build time, index memory and search latency at 1k, 10k and 50k synthetic
// products. Runs on the built server (dist/server). On its own: `node bench/discovery.mjs`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { CatalogSearch, readCatalogDocument } from '../dist/server/index.js';
import { generateCatalog } from './discovery/catalog-generator.mjs';
import { evaluate, ours, plainBm25 } from './discovery/evaluate.mjs';
import { labelledQueries } from './discovery/queries.mjs';
import { num, summary, table } from './lib/stats.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const load = (count) => {
  const { catalog, truths } = generateCatalog({ count });
  return { catalog: readCatalogDocument(catalog, { baseUrl: 'https://shop.example/', source: 'synthetic', now: 0 }), truths };
};

function relevance(count) {
  const { catalog, truths } = load(count);
  const queries = labelledQueries(truths);
  const sets = [['all questions', queries], ['held-out half', queries.filter((q) => q.heldOut)]];
  const rows = sets.map(([name, set]) => {
    const mine = evaluate(set, ours(catalog, CatalogSearch));
    const plain = evaluate(set, plainBm25(catalog));
    return { name, n: set.length, mine, plain };
  });
  return { count, queries, rows };
}

function speed(count, questions, rounds) {
  const { catalog } = load(count);
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const search = new CatalogSearch();
  search.indexFor(catalog);
  const buildMs = performance.now() - t0;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1024 ** 2;
  // What the server does when a version arrives (ServerCatalog): a few questions of the catalog's
  // own kinds, so shoppers' questions run optimised code. Timed apart from the build.
  const t1 = performance.now();
  search.prepare(catalog);
  const warmMs = performance.now() - t1;
  const times = [];
  for (let r = 0; r < rounds; r++) {
    for (const text of questions) {
      const t = performance.now();
      search.search(catalog, text);
      times.push(performance.now() - t);
    }
  }
  return { count, buildMs, warmMs, heapMb, latency: summary(times) };
}

export async function measureDiscovery({ relevanceSize = 600, sizes = [1000, 10000, 50000], rounds = 3 } = {}) {
  const rel = relevance(relevanceSize);
  const questions = rel.queries.map((q) => q.text);
  const speeds = sizes.map((count) => speed(count, questions, rounds));
  const kinds = [...new Set(rel.queries.map((q) => q.kind))];
  const markdown = [
    `Relevance on a ${relevanceSize}-product synthetic store (\`bench/discovery/catalog-generator.mjs\`: ${kinds.length} kinds of question over 34 product types with colour, size and capacity variants, brands, stock, and descriptions that mention other products). ${rel.queries.length} labelled shopper questions (\`bench/discovery/queries.mjs\`): plain, colour, size and capacity ("40 oz"), price limits in English, French, German and Spanish, "cheap", feature, brand, misspellings, and store questions. Labels are graded 0 to 3 by written rules from the generator's ground truth, never from either engine's output; store questions are right when no product is shown. Plain BM25 is MiniSearch 7.2.0 with default settings over title, type, tags, options and description.`,
    '',
    table(['questions', 'n', 'NDCG@10 ours', 'NDCG@10 plain BM25', 'difference', 'exact-at-1 ours', 'exact-at-1 plain BM25'], rel.rows.map((r) => [
      r.name, r.n, num(r.mine.ndcg, 3), num(r.plain.ndcg, 3), `+${num(r.mine.ndcg - r.plain.ndcg, 3)}`, num(r.mine.exact, 3), num(r.plain.exact, 3),
    ])),
    '',
    `Speed: the index is built once per catalog version and warmed with 16 questions of the catalog's own product kinds, as the server does when a version arrives; then each of the ${questions.length} questions asked ${rounds} times per size, one process, this machine as shared at the time.`,
    '',
    table(['products', 'index build', 'warm-up', 'index heap', 'search median', 'search p95', 'search max'], speeds.map((s) => [
      s.count.toLocaleString('en-US'), `${num(s.buildMs / 1000, 2)} s`, `${num(s.warmMs, 0)} ms`, `${num(s.heapMb, 0)} MB`, `${num(s.latency.median, 2)} ms`, `${num(s.latency.p95, 2)} ms`, `${num(s.latency.max, 1)} ms`,
    ])),
  ].join('\n');
  return { markdown, relevance: rel.rows, speeds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : undefined;
  const result = await measureDiscovery(sizes ? { sizes } : {});
  console.log(result.markdown);
}
