import { safeUrl } from '../../../protocol/index.js';
import { ESCAPABLE, SENTENCE_END, URL_END, isSpace, isWord } from './chars.js';
import type { Inline, ParseMeter } from './nodes.js';

/**
 * Emphasis nested deeper than this stays literal. Answers never need more, and a crafted
 * `*_*_*_…` would otherwise nest thousands of levels and overflow the stack here or in the renderer.
 */
const MAX_DEPTH = 8;
const NONE = 0x7fffffff;

/**
 * Inline spans: bold, italic, inline code, links and bare http(s) URLs. Unclosed markers stay
 * literal text, which is also how streamed halves look.
 *
 * Linear time. An opener takes the first closer after it (the rule the subset always had), and
 * openers are met left to right, so each kind of closer is searched for by one forward scan that
 * remembers its answer: a later opener before that answer reuses it, a later one past it scans on
 * from there, and no character is scanned twice for one kind. A link target is scanned only up to
 * the next `]`, once per `]`. Each character is then visited by one nesting level, and levels are
 * capped.
 */
export function parseInline(source: string, meter: ParseMeter = { steps: 0 }): Inline[] {
  return new InlineScanner(source, meter).parse(0, source.length, 0, false);
}

interface Span {
  nodes: Inline[];
  end: number;
}

/** The first position at or after `from` (never less than the last `from`) where `ok` holds, or NONE. */
type Finder = (from: number) => number;

class InlineScanner {
  constructor(
    private readonly s: string,
    private readonly meter: ParseMeter,
  ) {}

  private at(p: number): number {
    return this.s.charCodeAt(p);
  }

  private finder(end: number, ok: (p: number) => boolean): Finder {
    let found = -1;
    return (from) => {
      if (found >= from) return found;
      let p = from;
      while (p < end && !ok(p)) p++;
      this.meter.steps += p - from;
      return (found = p < end ? p : NONE);
    };
  }

  /** What closes `key` (a marker, `` ` `` or `]`) at a position, judged within a range ending at `end`. */
  private closer(key: string, end: number): (p: number) => boolean {
    const { s } = this;
    const ch = key[0]!;
    if (key.length === 2) return (p) => s[p] === ch && s[p + 1] === ch && p + 1 < end && !isSpace(this.at(p - 1));
    if (ch === '*' || ch === '_') return (p) => s[p] === ch && !isSpace(this.at(p - 1)) && (p + 1 >= end || !'*_'.includes(s[p + 1]!));
    return (p) => s[p] === ch;
  }

  /** Parses s[start, end) as if it were the whole text: nothing inside looks past its ends. */
  parse(start: number, end: number, depth: number, inLink: boolean): Inline[] {
    const { s } = this;
    const finders: Record<string, Finder> = {};
    const find = (key: string, from: number) => (finders[key] ??= this.finder(end, this.closer(key, end)))(from);
    const out: Inline[] = [];
    let text = '';
    let run = start;
    // A `]` whose link target did not parse: every later `[` that closes there fails the same way.
    let failedClose = -1;
    let i = start;
    while (i < end) {
      this.meter.steps++;
      const ch = s[i]!;
      let span: Span | undefined;
      if (ch === '\\') {
        if (i + 1 < end && ESCAPABLE.includes(s[i + 1]!)) {
          text += s.slice(run, i) + s[i + 1];
          i += 2;
          run = i;
          continue;
        }
      } else if (ch === '`') {
        const close = find('`', i + 1);
        if (close < end && close > i + 1) span = { nodes: [{ type: 'code', text: s.slice(i + 1, close) }], end: close + 1 };
      } else if (ch === '*' || ch === '_') {
        if (depth < MAX_DEPTH) span = this.emphasis(i, start, end, depth, inLink, find);
      } else if (ch === '[') {
        const close = inLink ? NONE : find(']', i + 1);
        if (close < end && close !== failedClose) {
          span = this.link(i, close, end, depth);
          if (!span) failedClose = close;
        }
      } else if (ch === 'h' && !inLink && (i === start || !isWord(this.at(i - 1)))) {
        span = this.bareUrl(i, end);
      }
      if (!span) {
        i++;
        continue;
      }
      text += s.slice(run, i);
      if (text) out.push({ type: 'text', text });
      text = '';
      for (const node of span.nodes) out.push(node);
      i = run = span.end;
    }
    text += s.slice(run, end);
    if (text) out.push({ type: 'text', text });
    return out;
  }

  private emphasis(i: number, start: number, end: number, depth: number, inLink: boolean, find: (key: string, from: number) => number): Span | undefined {
    const { s } = this;
    const ch = s[i]!;
    const inner = (from: number, to: number): Inline[] => this.parse(from, to, depth + 1, inLink);
    if (i + 2 < end && s[i + 1] === ch && !isSpace(this.at(i + 2))) {
      const close = find(ch + ch, i + 3);
      if (close < end) return { nodes: [{ type: 'strong', children: inner(i + 2, close) }], end: close + 2 };
    }
    // Underscores inside words (snake_case) are not emphasis.
    if (ch === '_' && i > start && isWord(this.at(i - 1))) return undefined;
    if (i + 1 >= end || isSpace(this.at(i + 1))) return undefined;
    const close = find(ch, i + 2);
    return close < end ? { nodes: [{ type: 'em', children: inner(i + 1, close) }], end: close + 1 } : undefined;
  }

  /** `[words](target)` or `[words](target "title")`; the target may sit in `<>` and hold one level of `()`. */
  private link(i: number, close: number, end: number, depth: number): Span | undefined {
    const { s } = this;
    if (close === i + 1 || close + 1 >= end || s[close + 1] !== '(') return undefined;
    let p = this.skip(close + 2, end, isSpace);
    if (p < end && s[p] === '<') p++;
    const urlStart = p;
    for (;;) {
      p = this.skip(p, end, isUrlChar);
      if (p >= end || s[p] !== '(') break;
      const q = this.skip(p + 1, end, isGroupChar);
      if (q >= end || s[q] !== ')') break;
      p = q + 1;
    }
    const urlEnd = p;
    if (p < end && s[p] === '>') p++;
    const gap = this.skip(p, end, isSpace);
    let after = NONE;
    if (gap > p && gap < end && s[gap] === '"') {
      const shut = this.skip(gap + 1, end, (c) => c !== 34);
      const next = shut < end ? this.skip(shut + 1, end, isSpace) : end;
      if (next < end && s[next] === ')') after = next + 1;
    }
    if (after === NONE && gap < end && s[gap] === ')') after = gap + 1;
    if (after === NONE) return undefined;
    const href = safeUrl(s.slice(urlStart, urlEnd), 'link');
    const children = this.parse(i + 1, close, depth + 1, true);
    // A link to somewhere unsafe keeps its words and loses its target.
    return { nodes: href ? [{ type: 'link', href, children }] : children, end: after };
  }

  /** A bare http(s) URL, ending before trailing punctuation that usually belongs to the sentence. */
  private bareUrl(i: number, end: number): Span | undefined {
    const { s } = this;
    const scheme = s.startsWith('https://', i) ? 8 : s.startsWith('http://', i) ? 7 : 0;
    if (scheme === 0 || i + scheme > end) return undefined;
    const stop = this.skip(i + scheme, end, (c) => !isSpace(c) && !URL_END.includes(String.fromCharCode(c)));
    let last = stop - 1;
    while (last >= i + scheme && SENTENCE_END.includes(s[last]!)) last--;
    if (last < i + scheme) return undefined;
    const url = s.slice(i, last + 1);
    return { nodes: [{ type: 'link', href: url, children: [{ type: 'text', text: url }] }], end: last + 1 };
  }

  /** The first position from `p` (before `end`) where `ok` fails. */
  private skip(p: number, end: number, ok: (code: number) => boolean): number {
    const from = p;
    while (p < end && ok(this.at(p))) p++;
    this.meter.steps += p - from;
    return p;
  }
}

// Neither may hold `]`: that keeps each link target's scan between one `]` and the next.
const isGroupChar = (c: number) => c !== 40 && c !== 41 && c !== 93 && !isSpace(c);
const isUrlChar = (c: number) => isGroupChar(c) && c !== 60 && c !== 62;
