/** One document a search found: its position, BM25 score and how many of the asked words it holds. */
export interface Hit {
  position: number;
  score: number;
  covered: number;
}

/**
 * Every document one search scored, in flat arrays, and the best of them on demand. A question
 * can match tens of thousands of products while only the best thousand or so are ever looked at:
 * `top` selects them in linear time instead of sorting everything (a sort of 50k hits with a
 * comparator cost more than scoring them).
 */
export class ScoredHits {
  constructor(
    private readonly positions: Int32Array,
    private readonly scores: Float64Array,
    private readonly covered: Uint16Array,
  ) {}

  get size(): number {
    return this.positions.length;
  }

  /**
   * The best `limit` hits holding at least `minCovered` of the asked words, best first; equal
   * scores in catalog order.
   */
  top(limit: number, minCovered = 0): Hit[] {
    const chosen: number[] = [];
    for (let i = 0; i < this.positions.length; i++) if (this.covered[i]! >= minCovered) chosen.push(i);
    let kept = chosen;
    if (chosen.length > limit) {
      const threshold = kthLargest(Float64Array.from(chosen, (i) => this.scores[i]!), limit);
      // Everything above the threshold, then ties at it by catalog position until `limit`.
      kept = chosen.filter((i) => this.scores[i]! > threshold);
      const ties = chosen.filter((i) => this.scores[i] === threshold).sort((a, b) => this.positions[a]! - this.positions[b]!);
      kept.push(...ties.slice(0, limit - kept.length));
    }
    const hits = kept.map((i): Hit => ({ position: this.positions[i]!, score: this.scores[i]!, covered: this.covered[i]! }));
    return hits.sort((a, b) => b.score - a.score || a.position - b.position);
  }
}

/**
 * The k-th largest value (1-based) of `values`, which it reorders: quickselect (Hoare partition,
 * middle pivot), expected linear time. Hand-written: it is a dozen lines, and no well-kept npm
 * package selects in a typed array without copying it into objects.
 */
export function kthLargest(values: Float64Array, k: number): number {
  if (k < 1 || k > values.length) throw new RangeError(`kthLargest: k must be within 1..${values.length}, got ${k}`);
  // The k-th largest is the (n - k)-th smallest, 0-based.
  const target = values.length - k;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
