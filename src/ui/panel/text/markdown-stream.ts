import { BlockBuilder, lines } from './block-builder.js';
import { parseInline } from './inline.js';
import type { BlockNode, Inline, ParseMeter } from './nodes.js';

/**
 * A line (or list item) still arriving is parsed again on every update until it is this long;
 * past it, only when it has grown by a quarter since its last parse, with the characters since
 * shown as plain text meanwhile. So a 20k answer on one line costs a few parses, not one per chunk.
 */
const REPARSE_UNDER = 1024;

/**
 * Parses a text that grows, as a streamed answer does, without parsing it all again each time.
 * Complete lines go to a BlockBuilder once; a block is settled (parsed for good, and the same
 * object on every later update, so a renderer can skip it) as soon as a later line closes it. Only
 * the open block and the line still arriving are parsed on each update. A text that does not extend
 * the previous one (the final answer differs from what streamed) is parsed from the start. A final
 * update parses like parseMarkdown; until then a long line still arriving may show its newest
 * characters unformatted for a moment (see REPARSE_UNDER).
 */
export class MarkdownStream {
  private builder: BlockBuilder;
  /** The start of the text whose complete lines the builder has taken. */
  private taken = '';
  /** The last full parse of the unit still arriving. */
  private unit: { source: string; nodes: Inline[] } | undefined;

  constructor(private readonly meter: ParseMeter = { steps: 0 }) {
    this.builder = new BlockBuilder(meter);
  }

  /** The blocks of `text`; `final` once no more text will come (the answer is complete). */
  update(text: string, final = false): BlockNode[] {
    if (!text.startsWith(this.taken)) {
      this.builder = new BlockBuilder(this.meter);
      this.taken = '';
      this.unit = undefined;
    }
    const tail = text.slice(this.taken.length);
    // Up to the last line end; a `\r` at the very end may be the first half of `\r\n`, so it waits.
    const end = tail.length - (tail.endsWith('\r') ? 1 : 0);
    const cut = end && Math.max(tail.lastIndexOf('\n', end - 1), tail.lastIndexOf('\r', end - 1)) + 1;
    // The piece after the last line end is the partial line, handled below.
    for (const line of lines(tail.slice(0, cut)).slice(0, -1)) this.builder.add(line);
    this.taken = text.slice(0, this.taken.length + cut);
    const open = this.builder.preview(tail.slice(cut, end), final ? undefined : this.parseUnit);
    return [...this.builder.done, ...open];
  }

  private readonly parseUnit = (source: string): Inline[] => {
    const known = this.unit;
    if (known && source.length >= REPARSE_UNDER && source.length < known.source.length * 1.25 && source.startsWith(known.source)) {
      const tail = source.slice(known.source.length);
      const last = known.nodes.at(-1);
      if (last?.type === 'text') return [...known.nodes.slice(0, -1), { type: 'text', text: last.text + tail }];
      return tail ? [...known.nodes, { type: 'text', text: tail }] : known.nodes;
    }
    const nodes = parseInline(source, this.meter);
    this.unit = { source, nodes };
    return nodes;
  };
}
