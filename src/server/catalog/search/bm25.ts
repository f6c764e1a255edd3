import type { Postings } from './postings.js';
import { ScoredHits } from './scored-hits.js';

/**
 * BM25 parameters and expansion weights: MiniSearch 7's defaults, so scores are the ones
 * MiniSearch gives for the same index and search options (test/server/search/bm25.test.ts).
 */
const K = 1.2;
const B = 0.7;
const D = 0.5;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** How a question's term may match other terms of the index. */
export interface Expansion {
  /** Whether the term also matches the longer terms it starts; `indexed` when the index holds it. */
  prefix(term: string, indexed: boolean): boolean;
  /** How many edits a term may be from the one asked (0 for none); `indexed` when the index holds it. */
  fuzzy(term: string, indexed: boolean): number;
  /**
   * Most terms one asked term expands to: a short or garbled word can be near hundreds of
   * terms, each a posting list to walk. The closest are kept (highest weight).
   */
  maxExpansions: number;
}

interface Derived {
  id: number;
  weight: number;
}

/**
 * BM25 over `Postings`, scored the way MiniSearch scores (the same formula, field boosts, prefix
 * and typo weights, and the score of a document times the number of asked words it holds), with
 * one thing MiniSearch cannot do: score a subset of candidates without walking every posting of
 * a common word. Hand-written for that reason; MiniSearch's own radix tree (`SearchableMap`) still
 * finds the prefix and typo expansions. Scores add up in flat arrays stamped with a generation,
 * reused from one question to the next, instead of a Map and a match object per hit.
 *
 * Not re-entrant (one question at a time, as a synchronous call is); results are copied out.
 */
export class Bm25 {
  private generation = 0;
  private readonly total: Float64Array;
  private readonly totalStamp: Uint32Array;
  private readonly covered: Uint16Array;
  private readonly termScore: Float64Array;
  private readonly termStamp: Uint32Array;
  private readonly allowed: Uint32Array;
  private readonly touched: Int32Array;
  private readonly termTouched: Int32Array;

  constructor(
    private readonly postings: Postings,
    /** Per field, its weight in the score. */
    private readonly boosts: readonly number[],
    private readonly expansion: Expansion,
  ) {
    const n = postings.documentCount;
    this.total = new Float64Array(n);
    this.totalStamp = new Uint32Array(n);
    this.covered = new Uint16Array(n);
    this.termScore = new Float64Array(n);
    this.termStamp = new Uint32Array(n);
    this.allowed = new Uint32Array(n);
    this.touched = new Int32Array(n);
    this.termTouched = new Int32Array(n);
  }

  /**
   * Scores the documents holding any of `terms` in any of `fields` (field numbers). With
   * `candidates` (positions, ascending), only those are scored, each as the unrestricted search
   * would score it.
   */
  search(terms: readonly string[], fields: readonly number[], candidates?: ArrayLike<number>): ScoredHits {
    const asked = [...new Set(terms)];
    // One generation for the search, one per asked word.
    const generation = this.reserveGenerations(1 + asked.length);
    if (candidates !== undefined) for (let i = 0; i < candidates.length; i++) this.allowed[candidates[i]!] = generation;
    let touched = 0;
    // An asked word counts once, however often it is asked.
    for (let t = 0; t < asked.length; t++) {
      const term = asked[t]!;
      // Each asked word's score is summed on its own, then added: the order MiniSearch adds in.
      const termGeneration = generation + 1 + t;
      let termTouched = 0;
      for (const { id, weight } of this.derive(term)) {
        for (const field of fields) {
          termTouched = this.scoreTerm(id, field, weight, termGeneration, termTouched, candidates === undefined ? undefined : { list: candidates, generation });
        }
      }
      for (let i = 0; i < termTouched; i++) {
        const doc = this.termTouched[i]!;
        if (this.totalStamp[doc] !== generation) {
          this.totalStamp[doc] = generation;
          this.total[doc] = this.termScore[doc]!;
          this.covered[doc] = 1;
          this.touched[touched++] = doc;
        } else {
          this.total[doc] = this.total[doc]! + this.termScore[doc]!;
          this.covered[doc]!++;
        }
      }
    }
    const positions = this.touched.slice(0, touched);
    const scores = new Float64Array(touched);
    const covered = new Uint16Array(touched);
    for (let i = 0; i < touched; i++) {
      const doc = positions[i]!;
      covered[i] = this.covered[doc]!;
      // MiniSearch multiplies a document's score by the number of asked words it holds.
      scores[i] = this.total[doc]! * covered[i]!;
    }
    return new ScoredHits(positions, scores, covered);
  }

  /** The asked term itself when indexed, then its prefix and typo expansions, as MiniSearch orders them. */
  private derive(term: string): Derived[] {
    const { dictionary } = this.postings;
    const exact = dictionary.get(term);
    const derived: Derived[] = exact === undefined ? [] : [{ id: exact, weight: 1 }];
    const expanded: Derived[] = [];
    const prefixed = new Set<string>();
    if (this.expansion.prefix(term, exact !== undefined)) {
      for (const [found, id] of dictionary.atPrefix(term)) {
        if (found.length === term.length) continue;
        prefixed.add(found);
        expanded.push({ id, weight: (PREFIX_WEIGHT * found.length) / (found.length + 0.3 * (found.length - term.length)) });
      }
    }
    const edits = this.expansion.fuzzy(term, exact !== undefined);
    if (edits > 0) {
      for (const [found, [id, distance]] of dictionary.fuzzyGet(term, edits)) {
        // A term both starts with the asked one and is near it counts once, as a prefix.
        if (distance === 0 || prefixed.has(found)) continue;
        expanded.push({ id, weight: (FUZZY_WEIGHT * found.length) / (found.length + distance) });
      }
    }
    if (expanded.length > this.expansion.maxExpansions) {
      // Keep the closest, in their original order so the kept ones score as they would uncapped.
      const floor = expanded.map((e) => e.weight).sort((a, b) => b - a)[this.expansion.maxExpansions - 1]!;
      let room = this.expansion.maxExpansions;
      for (const e of expanded) if (e.weight > floor) room--;
      for (const e of expanded) if (e.weight > floor || (e.weight === floor && room-- > 0)) derived.push(e);
      return derived;
    }
    return derived.concat(expanded);
  }

  /** Adds one term's postings in one field to the per-term scores; returns the new touched count. */
  private scoreTerm(id: number, field: number, weight: number, generation: number, touched: number, only?: { list: ArrayLike<number>; generation: number }): number {
    const { offsets, docs, frequencies, fieldLengths, averageLengths, documentCount, fieldCount } = this.postings;
    const slot = id * fieldCount + field;
    const start = offsets[slot]!;
    const end = offsets[slot + 1]!;
    const matching = end - start;
    if (matching === 0) return touched;
    const idf = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
    const average = averageLengths[field]!;
    const boost = weight * this.boosts[field]!;
    const add = (at: number): void => {
      const doc = docs[at]!;
      const tf = frequencies[at]!;
      const length = fieldLengths[doc * fieldCount + field]!;
      const score = boost * (idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / average))));
      if (this.termStamp[doc] !== generation) {
        this.termStamp[doc] = generation;
        this.termScore[doc] = score;
        this.termTouched[touched++] = doc;
      } else {
        this.termScore[doc] = this.termScore[doc]! + score;
      }
    };
    if (only === undefined) {
      for (let at = start; at < end; at++) add(at);
    } else if (only.list.length * Math.log2(matching + 1) < matching) {
      // Fewer candidates than postings: look each one up (both are ascending, so search onwards).
      let from = start;
      for (let c = 0; c < only.list.length && from < end; c++) {
        const at = lowerBound(docs, only.list[c]!, from, end);
        if (at < end && docs[at] === only.list[c]) add(at);
        from = at;
      }
    } else {
      for (let at = start; at < end; at++) if (this.allowed[docs[at]!] === only.generation) add(at);
    }
    return touched;
  }

  /** The first of `count` fresh generations (stamps no array holds yet). */
  private reserveGenerations(count: number): number {
    if (this.generation + count > 0xffffffff) {
      // Once in billions of questions: forget every stamp rather than mistake an old one.
      this.generation = 0;
      this.totalStamp.fill(0);
      this.termStamp.fill(0);
      this.allowed.fill(0);
    }
    const first = this.generation + 1;
    this.generation += count;
    return first;
  }
}

/** The first index in `from..end` of ascending `values` holding `value` or more. */
function lowerBound(values: Int32Array, value: number, from: number, end: number): number {
  let lo = from;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
