import { safeUrl } from '../../../protocol/url.js';
import {
  BACKSLASH,
  BACKTICK,
  BRACKET_CLOSE,
  BRACKET_OPEN,
  GREATER,
  LESS,
  PAREN_CLOSE,
  PAREN_OPEN,
  QUOTE,
  STAR,
  UNDERSCORE,
  endsSentence,
  endsUrl,
  isEscapable,
  isSpace,
  isWord,
} from './chars.js';
import type { Inline, ParseMeter } from './nodes.js';

/**
 * Emphasis nested deeper than this stays literal. Answers never need more, and a crafted
 * `*_*_*_…` would otherwise nest thousands of levels and overflow the stack here or in the renderer.
 */
const MAX_DEPTH = 8;
const NONE = 0x7fffffff;
const H = 104;
const S = 115;

/**
 * Inline spans: bold, italic, inline code, links and bare http(s) URLs. Unclosed markers stay
 * literal text, which is also how streamed halves look.
 *
 * Linear time: an opener takes the first closer after it (the rule the subset always had), and
 * where that closer is comes from tables built in one backward pass, so no attempt rescans the
 * text. A link target is scanned only up to the next `]`, and once per `]`, so failed links do not
 * rescan either. Each character is then visited by one nesting level, and levels are capped.
 */
export function parseInline(source: string, meter: ParseMeter = { steps: 0 }, tables: InlineTables = new InlineTables()): Inline[] {
  tables.build(source);
  meter.steps += source.length;
  return new InlineScanner(source, tables, meter).parse(0, source.length, 0, false);
}

// What the tables record, for each position: the first position at or after it holding...
const TICK = 0; // a backtick
const BRACKET = 1; // a `]`
const QUOTE_AT = 2; // a `"`
const SOLID = 3; // a character that is not whitespace
const EM_STAR = 4; // a `*` that may close emphasis: after a non-space, not before another `*` or `_`
const EM_UNDER = 5; // the same for `_`
const STRONG_STAR = 6; // a `**` after a non-space
const STRONG_UNDER = 7; // a `__` after a non-space
const KINDS = 8;

/**
 * The lookup tables of one parse, in one buffer kept for the next line: a text of many short lines
 * would otherwise allocate eight typed arrays per line and spend its time collecting them.
 */
export class InlineTables {
  private buffer = new Int32Array(0);

  build(s: string): void {
    const n = s.length;
    // Four spare slots so lookups just past the end need no bounds checks.
    const size = (n + 4) * KINDS;
    if (this.buffer.length < size) this.buffer = new Int32Array(Math.max(size, this.buffer.length * 2));
    const t = this.buffer;
    t.fill(NONE, n * KINDS, size);
    for (let p = n - 1; p >= 0; p--) {
      const c = s.charCodeAt(p);
      const afterSpace = p === 0 || isSpace(s.charCodeAt(p - 1));
      const next = p + 1 < n ? s.charCodeAt(p + 1) : -1;
      const emCloses = !afterSpace && next !== STAR && next !== UNDERSCORE;
      const at = p * KINDS;
      const later = at + KINDS;
      t[at + TICK] = c === BACKTICK ? p : t[later + TICK]!;
      t[at + BRACKET] = c === BRACKET_CLOSE ? p : t[later + BRACKET]!;
      t[at + QUOTE_AT] = c === QUOTE ? p : t[later + QUOTE_AT]!;
      t[at + SOLID] = isSpace(c) ? t[later + SOLID]! : p;
      t[at + EM_STAR] = c === STAR && emCloses ? p : t[later + EM_STAR]!;
      t[at + EM_UNDER] = c === UNDERSCORE && emCloses ? p : t[later + EM_UNDER]!;
      t[at + STRONG_STAR] = c === STAR && next === STAR && !afterSpace ? p : t[later + STRONG_STAR]!;
      t[at + STRONG_UNDER] = c === UNDERSCORE && next === UNDERSCORE && !afterSpace ? p : t[later + STRONG_UNDER]!;
    }
  }

  /** Lets the buffer go: a finished answer's bubble should not hold tables for its longest line. */
  release(): void {
    this.buffer = new Int32Array(0);
  }

  /** The first position at or after `p` holding `kind`, or NONE. */
  next(kind: number, p: number): number {
    return this.buffer[p * KINDS + kind]!;
  }
}

interface Span {
  nodes: Inline[];
  end: number;
}

class InlineScanner {
  constructor(
    private readonly s: string,
    private readonly x: InlineTables,
    private readonly meter: ParseMeter,
  ) {}

  /** Parses s[start, end) as if it were the whole text: nothing inside looks past its ends. */
  parse(start: number, end: number, depth: number, inLink: boolean): Inline[] {
    const { s } = this;
    const out: Inline[] = [];
    let text = '';
    let run = start;
    // A `]` whose link target did not parse: every later `[` that closes there fails the same way.
    let failedClose = -1;
    let i = start;
    while (i < end) {
      this.meter.steps++;
      const c = s.charCodeAt(i);
      let span: Span | undefined;
      if (c === BACKSLASH) {
        if (i + 1 < end && isEscapable(s.charCodeAt(i + 1))) {
          text += s.slice(run, i) + s[i + 1];
          i += 2;
          run = i;
          continue;
        }
      } else if (c === BACKTICK) {
        const close = this.x.next(TICK, i + 1);
        if (close < end && close > i + 1) span = { nodes: [{ type: 'code', text: s.slice(i + 1, close) }], end: close + 1 };
      } else if (c === STAR || c === UNDERSCORE) {
        if (depth < MAX_DEPTH) span = this.emphasis(i, start, end, depth, inLink);
      } else if (c === BRACKET_OPEN) {
        if (!inLink && this.x.next(BRACKET, i + 1) !== failedClose) {
          span = this.link(i, end, depth);
          if (!span) failedClose = this.x.next(BRACKET, i + 1);
        }
      } else if (c === H && !inLink && (i === start || !isWord(s.charCodeAt(i - 1)))) {
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

  private emphasis(i: number, start: number, end: number, depth: number, inLink: boolean): Span | undefined {
    const { s, x } = this;
    const c = s.charCodeAt(i);
    const star = c === STAR;
    if (i + 2 < end && s.charCodeAt(i + 1) === c && !isSpace(s.charCodeAt(i + 2))) {
      const close = x.next(star ? STRONG_STAR : STRONG_UNDER, i + 3);
      if (close + 2 <= end) return { nodes: [{ type: 'strong', children: this.parse(i + 2, close, depth + 1, inLink) }], end: close + 2 };
    }
    // Underscores inside words (snake_case) are not emphasis.
    if (!star && i > start && isWord(s.charCodeAt(i - 1))) return undefined;
    if (i + 1 >= end || isSpace(s.charCodeAt(i + 1))) return undefined;
    let close = x.next(star ? EM_STAR : EM_UNDER, i + 2);
    if (close >= end) {
      // The table judged "not before another marker" against the whole text; at the end of this
      // range nothing follows, so a marker there closes even if the enclosing text goes on with one.
      const last = end - 1;
      close = last >= i + 2 && s.charCodeAt(last) === c && !isSpace(s.charCodeAt(last - 1)) ? last : NONE;
    }
    if (close === NONE) return undefined;
    return { nodes: [{ type: 'em', children: this.parse(i + 1, close, depth + 1, inLink) }], end: close + 1 };
  }

  /** `[words](target)` or `[words](target "title")`; the target may sit in `<>` and hold one level of `()`. */
  private link(i: number, end: number, depth: number): Span | undefined {
    const { s, x } = this;
    const close = x.next(BRACKET, i + 1);
    if (close >= end - 1 || close === i + 1 || s.charCodeAt(close + 1) !== PAREN_OPEN) return undefined;
    let p = Math.min(x.next(SOLID, close + 2), end);
    if (p < end && s.charCodeAt(p) === LESS) p++;
    const urlStart = p;
    for (;;) {
      p = this.skipWhile(p, end, isUrlChar);
      if (p >= end || s.charCodeAt(p) !== PAREN_OPEN) break;
      const q = this.skipWhile(p + 1, end, isGroupChar);
      if (q >= end || s.charCodeAt(q) !== PAREN_CLOSE) break;
      p = q + 1;
    }
    const urlEnd = p;
    if (p < end && s.charCodeAt(p) === GREATER) p++;
    const gap = Math.min(x.next(SOLID, p), end);
    let after = NONE;
    if (gap > p && gap < end && s.charCodeAt(gap) === QUOTE) {
      const shut = x.next(QUOTE_AT, gap + 1);
      const next = shut < end ? Math.min(x.next(SOLID, shut + 1), end) : end;
      if (next < end && s.charCodeAt(next) === PAREN_CLOSE) after = next + 1;
    }
    if (after === NONE && gap < end && s.charCodeAt(gap) === PAREN_CLOSE) after = gap + 1;
    if (after === NONE) return undefined;
    const href = safeUrl(s.slice(urlStart, urlEnd), 'link');
    const children = this.parse(i + 1, close, depth + 1, true);
    // A link to somewhere unsafe keeps its words and loses its target.
    return { nodes: href ? [{ type: 'link', href, children }] : children, end: after };
  }

  /** A bare http(s) URL, ending before trailing punctuation that usually belongs to the sentence. */
  private bareUrl(i: number, end: number): Span | undefined {
    const { s } = this;
    if (i + 4 > end || !s.startsWith('http', i)) return undefined;
    let p = i + 4;
    if (p < end && s.charCodeAt(p) === S) p++;
    if (p + 3 > end || !s.startsWith('://', p)) return undefined;
    let last = NONE;
    for (p += 3; p < end; p++) {
      const c = s.charCodeAt(p);
      if (endsUrl(c)) break;
      if (!endsSentence(c)) last = p;
    }
    this.meter.steps += p - i;
    if (last === NONE) return undefined;
    const url = s.slice(i, last + 1);
    return { nodes: [{ type: 'link', href: url, children: [{ type: 'text', text: url }] }], end: last + 1 };
  }

  private skipWhile(p: number, end: number, ok: (code: number) => boolean): number {
    const from = p;
    while (p < end && ok(this.s.charCodeAt(p))) p++;
    this.meter.steps += p - from;
    return p;
  }
}

// Neither may hold `]`: that keeps each link target's scan between one `]` and the next.
const isGroupChar = (c: number) => c !== PAREN_OPEN && c !== PAREN_CLOSE && c !== BRACKET_CLOSE && !isSpace(c);
const isUrlChar = (c: number) => isGroupChar(c) && c !== LESS && c !== GREATER;
