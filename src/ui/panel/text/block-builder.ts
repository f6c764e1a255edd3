import { BULLET_DOT, DASH, DOT, PAREN_CLOSE, PLUS, STAR, isSpace } from './chars.js';
import { InlineTables, parseInline } from './inline.js';
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

  constructor(
    private readonly meter: ParseMeter = { steps: 0 },
    private readonly tables = new InlineTables(),
  ) {}

  private inline(source: string): Inline[] {
    return parseInline(source, this.meter, this.tables);
  }

  /** Adds one complete line (without its newline). */
  add(line: string): void {
    const lead = leadingSpace(line);
    // Classifying a line reads its indent and marker; trim() reads only the ends.
    this.meter.steps += lead + 1;
    const item = listItem(line, lead);
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
    const copy = new BlockBuilder(this.meter, this.tables);
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

/** `- item`, `* item`, `+ item`, `• item`, `3. item` or `3) item`, indented at most three spaces. */
function listItem(line: string, lead: number): { ordered: boolean; start: number; text: string } | undefined {
  let p = lead;
  if (p > 3) return undefined;
  const c = line.charCodeAt(p);
  let ordered = false;
  let start = 1;
  if (c === DASH || c === STAR || c === PLUS || c === BULLET_DOT) {
    p++;
  } else {
    const digits = p;
    while (p < line.length && p - digits < 10 && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) p++;
    const mark = line.charCodeAt(p);
    if (p === digits || p - digits > 9 || (mark !== DOT && mark !== PAREN_CLOSE)) return undefined;
    ordered = true;
    start = Number(line.slice(digits, p));
    p++;
  }
  const text = p + leadingSpace(line.slice(p));
  if (text === p) return undefined;
  return { ordered, start, text: line.slice(text) };
}
