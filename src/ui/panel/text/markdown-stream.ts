import { BlockBuilder } from './block-builder.js';
import { InlineTables, parseInline } from './inline.js';
import type { BlockNode, Inline, ParseMeter } from './nodes.js';

/**
 * A line (or list item) still arriving is parsed again on every update until it is this long;
 * past it, only when it has grown by a quarter since its last parse, with the characters since
 * shown as plain text meanwhile. So a 20k answer on one line costs a few parses, not one per chunk.
 */
const REPARSE_UNDER = 1024;

/** What a text renders as: settled groups of blocks that never change, then the blocks still open. */
export interface StreamedBlocks {
  /** Each group is the same array object on every later update, so a renderer can skip it. */
  settled: readonly (readonly BlockNode[])[];
  open: BlockNode[];
}

/**
 * Parses a text that grows, as a streamed answer does, without parsing it all again each time.
 * Complete lines go to a BlockBuilder once; a block is settled (parsed for good) as soon as a later
 * line closes it, and only the open block and the line still arriving are parsed on each update.
 * A text that does not extend the previous one (the final answer differs from what streamed) is
 * parsed from the start. A final update parses like parseMarkdown; until then a long line still
 * arriving may show its newest characters unformatted for a moment (see REPARSE_UNDER).
 */
export class MarkdownStream {
  private builder: BlockBuilder;
  private readonly tables = new InlineTables();
  /** The start of the text whose complete lines the builder has taken. */
  private taken = '';
  private settledCount = 0;
  private groups: (readonly BlockNode[])[] = [];
  private last: { text: string; final: boolean; blocks: StreamedBlocks } | undefined;
  /** The last full parse of the unit still arriving. */
  private unit: { source: string; nodes: Inline[] } | undefined;

  constructor(private readonly meter: ParseMeter = { steps: 0 }) {
    this.builder = new BlockBuilder(meter, this.tables);
  }

  /** The blocks of `text`; `final` once no more text will come (the answer is complete). */
  update(text: string, final = false): StreamedBlocks {
    if (this.last?.text === text && this.last.final === final) return this.last.blocks;
    if (!text.startsWith(this.taken)) this.reset();
    const tail = text.slice(this.taken.length);
    const cut = completeLines(tail);
    if (cut > 0) {
      const complete = tail.slice(0, cut).replace(/\r\n?/g, '\n');
      // The piece after the last line end is empty: that line end belongs to the line before it.
      for (const line of complete.slice(0, -1).split('\n')) this.builder.add(line);
      this.taken = text.slice(0, this.taken.length + cut);
      const done = this.builder.done;
      if (done.length > this.settledCount) this.groups.push(done.slice(this.settledCount));
      this.settledCount = done.length;
    }
    const partial = tail.endsWith('\r') ? tail.slice(cut, -1) : tail.slice(cut);
    const blocks = { settled: this.groups.slice(), open: this.builder.preview(partial, final ? undefined : this.parseUnit) };
    this.tables.release();
    this.last = { text, final, blocks };
    return blocks;
  }

  private readonly parseUnit = (source: string): Inline[] => {
    const known = this.unit;
    const grown = source.length - (known?.source.length ?? 0);
    if (known && source.length >= REPARSE_UNDER && grown >= 0 && grown < known.source.length / 4 && source.startsWith(known.source)) {
      return withTail(known.nodes, source.slice(known.source.length));
    }
    const nodes = parseInline(source, this.meter, this.tables);
    this.unit = { source, nodes };
    return nodes;
  };

  private reset(): void {
    this.builder = new BlockBuilder(this.meter, this.tables);
    this.taken = '';
    this.settledCount = 0;
    this.groups = [];
    this.unit = undefined;
  }
}

function withTail(nodes: Inline[], tail: string): Inline[] {
  if (tail === '') return nodes;
  const last = nodes.at(-1);
  if (last?.type === 'text') return [...nodes.slice(0, -1), { type: 'text', text: last.text + tail }];
  return [...nodes, { type: 'text', text: tail }];
}

/**
 * How much of `tail` is complete lines: up to its last line end. A `\r` at the very end may be the
 * first half of `\r\n`, so it waits for the next piece.
 */
function completeLines(tail: string): number {
  const end = tail.endsWith('\r') ? tail.length - 1 : tail.length;
  if (end === 0) return 0;
  return Math.max(tail.lastIndexOf('\n', end - 1), tail.lastIndexOf('\r', end - 1)) + 1;
}
