import SearchableMap from 'minisearch/SearchableMap';

/**
 * The inverted index of one catalog version, in flat typed arrays: for each term and field, the
 * positions of the documents holding the term there (ascending) and how often. Term `t` in field
 * `f` is the slice `offsets[t * fieldCount + f]` to `offsets[t * fieldCount + f + 1]` of `docs`
 * and `frequencies`. At 50k products this is a few million numbers: as Maps of Maps (MiniSearch's
 * layout) they were most of the heap and of the time spent scoring.
 */
export interface Postings {
  /** Every term indexed, to its id: MiniSearch's radix tree, for prefix and typo expansion. */
  readonly dictionary: SearchableMap<number>;
  readonly documentCount: number;
  readonly fieldCount: number;
  readonly offsets: Uint32Array;
  readonly docs: Int32Array;
  readonly frequencies: Uint16Array;
  /** Per document and field (`doc * fieldCount + field`): distinct words, as MiniSearch counts them. */
  readonly fieldLengths: Uint32Array;
  /** Per field: the mean of `fieldLengths`. */
  readonly averageLengths: Float64Array;
}

/** How a field's text becomes index terms: the raw words (for its length) and the terms kept. */
export interface Analyzer {
  /** Raw words of a text: how long a field is counts them, stop words included. */
  words(text: string): string[];
  /** The index term of one raw word, or undefined to leave it out (a stop word). */
  term(word: string): string | undefined;
}

/** One field text, read once: its length and its terms with their frequencies. */
interface Analysed {
  length: number;
  termIds: number[];
  frequencies: number[];
}

/** Field texts this short repeat across a catalog (a type, "Black / XL"): read each once. */
const MEMO_MAX_LENGTH = 60;
const MAX_FREQUENCY = 0xffff;

/**
 * Builds `Postings` one document at a time, in document order. Postings are logged as
 * (term and field, document, frequency) triples in growing typed arrays and grouped by term and
 * field once at the end (a counting sort, which keeps documents ascending): no array per term
 * while building.
 */
export class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly memo = new Map<string, Analysed>();
  private slots: Uint32Array = new Uint32Array(1024);
  private logDocs: Int32Array = new Int32Array(1024);
  private logFrequencies: Uint16Array = new Uint16Array(1024);
  private logged = 0;
  private readonly lengths: number[] = [];
  private readonly averages: number[];
  private documents = 0;

  constructor(
    private readonly fieldCount: number,
    private readonly analyzer: Analyzer,
  ) {
    this.averages = new Array<number>(fieldCount).fill(0);
  }

  /** Adds the next document: one text per field, in field order. Its position is its order of adding. */
  add(fields: readonly string[]): number {
    if (fields.length !== this.fieldCount) throw new Error(`PostingsBuilder.add: pass ${this.fieldCount} field texts, got ${fields.length}`);
    const doc = this.documents++;
    for (let field = 0; field < this.fieldCount; field++) {
      const { length, termIds, frequencies } = this.analyse(fields[field]!);
      this.lengths.push(length);
      // The running mean, computed as MiniSearch computes it, so scores match its own to the bit.
      this.averages[field] = (this.averages[field]! * doc + length) / (doc + 1);
      for (let i = 0; i < termIds.length; i++) this.log(termIds[i]! * this.fieldCount + field, doc, frequencies[i]!);
    }
    return doc;
  }

  build(): Postings {
    const termCount = this.termIds.size;
    const offsets = new Uint32Array(termCount * this.fieldCount + 1);
    for (let i = 0; i < this.logged; i++) offsets[this.slots[i]! + 1]!++;
    for (let s = 1; s < offsets.length; s++) offsets[s]! += offsets[s - 1]!;
    const docs = new Int32Array(this.logged);
    const frequencies = new Uint16Array(this.logged);
    const next = offsets.slice(0, -1);
    // Triples were logged in document order, so each slot's documents come out ascending.
    for (let i = 0; i < this.logged; i++) {
      const at = next[this.slots[i]!]!++;
      docs[at] = this.logDocs[i]!;
      frequencies[at] = this.logFrequencies[i]!;
    }
    const dictionary = new SearchableMap<number>();
    for (const [term, id] of this.termIds) dictionary.set(term, id);
    return {
      dictionary,
      documentCount: this.documents,
      fieldCount: this.fieldCount,
      offsets,
      docs,
      frequencies,
      fieldLengths: Uint32Array.from(this.lengths),
      averageLengths: Float64Array.from(this.averages),
    };
  }

  private analyse(text: string): Analysed {
    // Long texts (descriptions) are not looked up: hashing one costs as much as reading it.
    const memo = text.length <= MEMO_MAX_LENGTH;
    const known = memo ? this.memo.get(text) : undefined;
    if (known !== undefined) return known;
    const words = this.analyzer.words(text);
    const counts = new Map<number, number>();
    for (const word of words) {
      const term = this.analyzer.term(word);
      if (term === undefined) continue;
      let id = this.termIds.get(term);
      if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const analysed: Analysed = {
      length: new Set(words).size,
      termIds: [...counts.keys()],
      frequencies: [...counts.values()].map((n) => Math.min(n, MAX_FREQUENCY)),
    };
    if (memo) this.memo.set(text, analysed);
    return analysed;
  }

  private log(slot: number, doc: number, frequency: number): void {
    if (this.logged === this.slots.length) {
      const grow = <T extends Uint32Array | Int32Array | Uint16Array>(from: T, to: T): T => (to.set(from), to);
      const size = this.slots.length * 2;
      this.slots = grow(this.slots, new Uint32Array(size));
      this.logDocs = grow(this.logDocs, new Int32Array(size));
      this.logFrequencies = grow(this.logFrequencies, new Uint16Array(size));
    }
    this.slots[this.logged] = slot;
    this.logDocs[this.logged] = doc;
    this.logFrequencies[this.logged] = frequency;
    this.logged++;
  }
}
