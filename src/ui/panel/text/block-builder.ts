import { isSpace } from './chars.js';
import { parseInline } from './inline.js';
import type { BlockNode, Inline, ParseMeter } from './nodes.js';

interface OpenList {
  ordered: boolean;
  start: number;
  /** Item sources; the last one can still grow by indented continuation lines. */
  items: string[];
  /** Parsed items, all but the last: an item is parsed once, when the next one starts. */
  parsed: Inline[][];
}

/**
 * Builds blocks one complete line at a time: paragraphs (lines joined by breaks), bullet and
 * numbered lists with their start number, blank lines between blocks. Each line or list item is
 * parsed for inline spans once, when nothing later can change it, which is what lets a streamed
 * answer be parsed piece by piece (see MarkdownStream). `preview` shows what the blocks would be if
 * the text ended now, without changing anything.
 */
export class BlockBuilder {
  /** Blocks nothing later can change, each the same object for good. */
  readonly done: BlockNode[] = [];
  private paragraph: Inline[] = [];
  private list: OpenList | undefined;
  /** Parses the unit still arriving (the last line or list item); complete ones always go to `inline`. */
  private unit = (source: string) => this.inline(source);

  constructor(private readonly meter: ParseMeter = { steps: 0 }) {}

  private inline(source: string): Inline[] {
    return parseInline(source, this.meter);
  }

  /** Adds one complete line (without its newline). */
  add(line: string): void {
    const lead = leadingSpace(line);
    // Classifying a line reads its indent and marker; trim() reads only the ends.
    this.meter.steps += lead + 1;
    const item = listItem(line);
    if (item === undefined && lead === line.length) {
      this.close();
    } else if (item) {
      if (this.paragraph.length > 0 || (this.list && this.list.ordered !== item.ordered)) this.close();
      if (this.list) {
        this.list.parsed.push(this.inline(this.list.items.at(-1)!));
        this.list.items.push(item.text);
      } else {
        this.list = { ordered: item.ordered, start: item.start, items: [item.text], parsed: [] };
      }
    } else if (this.list && lead >= 2) {
      // An indented line continues the last list item.
      this.list.items[this.list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (this.list) this.close();
      if (this.paragraph.length > 0) this.paragraph.push({ type: 'br' });
      for (const node of this.unit(line.trim())) this.paragraph.push(node);
    }
  }

  /** Ends the open block: it moves to `done`. */
  close(): void {
    this.done.push(...this.open());
    this.paragraph = [];
    this.list = undefined;
  }

  /** The open block as it stands, parsing only the list item still growing. */
  open(): BlockNode[] {
    // Copies, so a node handed out never changes when more lines arrive.
    if (this.paragraph.length > 0) return [{ type: 'paragraph', children: this.paragraph.slice() }];
    if (!this.list) return [];
    const { ordered, start, items, parsed } = this.list;
    return [{ type: 'list', ordered, start, items: [...parsed, this.unit(items.at(-1)!)] }];
  }

  /**
   * The blocks still open if the text ended with `partial` (a line without its newline yet), with
   * the unit still arriving parsed by `unit`.
   */
  preview(partial: string, unit?: (source: string) => Inline[]): BlockNode[] {
    const copy = new BlockBuilder(this.meter);
    copy.paragraph = this.paragraph.slice();
    copy.list = this.list && { ...this.list, items: [...this.list.items], parsed: [...this.list.parsed] };
    if (unit) copy.unit = unit;
    if (partial !== '') copy.add(partial);
    copy.close();
    return copy.done;
  }
}

function leadingSpace(line: string): number {
  let p = 0;
  while (p < line.length && isSpace(line.charCodeAt(p))) p++;
  return p;
}

/**
 * `- item`, `* item`, `+ item`, `• item`, `3. item` or `3) item`, indented at most three spaces.
 * Anchored, bounded and with nothing after the last `\s+`, so the regex cannot backtrack.
 */
const ITEM = /^\s{0,3}(?:[-*+•]|(\d{1,9})[.)])\s+/;

function listItem(line: string): { ordered: boolean; start: number; text: string } | undefined {
  const m = ITEM.exec(line);
  return m ? { ordered: m[1] !== undefined, start: m[1] ? Number(m[1]) : 1, text: line.slice(m[0].length) } : undefined;
}

/** Lines of the text, with `\r\n` and lone `\r` read as line ends. */
export function lines(source: string): string[] {
  return source.replace(/\r\n?/g, '\n').split('\n');
}
