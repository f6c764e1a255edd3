import { safeUrl } from '../../../protocol/url.js';

/**
 * The markdown subset assistants actually use: paragraphs, line breaks, bullet and numbered lists,
 * bold, italic, inline code and links. It produces a tree of plain objects, never HTML, so a
 * renderer can only ever create the elements named here, with text as text.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' };

export type BlockNode =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] };

const BULLET = /^\s{0,3}[-*+•]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
// A bare URL ends before trailing punctuation that usually belongs to the sentence.
const BARE_URL = /^https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'}]/;

export function parseMarkdown(source: string): BlockNode[] {
  const blocks: BlockNode[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: joinLines(paragraph) });
    if (list) blocks.push({ type: 'list', ordered: list.ordered, start: list.start, items: list.items.map((i) => parseInline(i)) });
    paragraph = [];
    list = undefined;
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (bullet || numbered) {
      const ordered = numbered !== null;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push(bullet ? bullet[1]! : numbered![2]!);
    } else if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the last list item.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

function joinLines(lines: string[]): Inline[] {
  return lines.flatMap((line, i) => (i === 0 ? parseInline(line) : [{ type: 'br' } as Inline, ...parseInline(line)]));
}

/** Inline spans. Unclosed markers stay literal text, which is also how streamed halves look. */
export function parseInline(source: string, inLink = false): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length && /[\\`*_[\]()]/.test(source[i + 1]!)) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i + 1) {
        pushText();
        out.push({ type: 'code', text: source.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      pushText();
      out.push({ type: 'strong', children: parseInline(strong[2]!, inLink) });
      i += strong[0].length;
      continue;
    }
    const em = /^([*_])(?=\S)([\s\S]*?\S)\1(?![*_])/.exec(rest);
    // Underscores inside words (snake_case) are not emphasis.
    if (em && !(ch === '_' && /\w/.test(source[i - 1] ?? ''))) {
      pushText();
      out.push({ type: 'em', children: parseInline(em[2]!, inLink) });
      i += em[0].length;
      continue;
    }
    if (!inLink && ch === '[') {
      const link = /^\[([^\]]+)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+"[^"]*")?\s*\)/.exec(rest);
      if (link) {
        const href = safeUrl(link[2]!, 'link');
        pushText();
        const children = parseInline(link[1]!, true);
        // A link to somewhere unsafe keeps its words and loses its target.
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        i += link[0].length;
        continue;
      }
    }
    if (!inLink && (ch === 'h' || ch === 'H') && !/\w/.test(source[i - 1] ?? '')) {
      const url = BARE_URL.exec(rest);
      if (url) {
        pushText();
        out.push({ type: 'link', href: url[0], children: [{ type: 'text', text: url[0] }] });
        i += url[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  pushText();
  return out;
}
