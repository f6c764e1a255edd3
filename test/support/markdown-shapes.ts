/**
 * Text shaped to make a markdown parser backtrack or rescan: unclosed links, brackets and
 * emphasis, backticks, deep nesting, long lines, many lines. Each builds about `length` characters,
 * so a parser's cost at two lengths can be compared shape by shape (test/ui/markdown-cost.test.ts
 * and the bench's markdown section use the same list).
 */
export interface MarkdownShape {
  name: string;
  make(length: number): string;
}

const repeat = (unit: string, length: number) => unit.repeat(Math.max(1, Math.floor(length / unit.length)));

export const MARKDOWN_SHAPES: MarkdownShape[] = [
  { name: 'unclosed link target `[a](` + spaces + `x`', make: (n) => `[a](${' '.repeat(n - 5)}x` },
  { name: 'unclosed link target `[a](` + spaces and tabs', make: (n) => `[a](${' \t'.repeat(n / 2 - 3)}x` },
  { name: 'unclosed emphasis `*a `', make: (n) => repeat('*a ', n) },
  { name: 'unclosed emphasis `_a `', make: (n) => repeat('_a ', n) },
  { name: 'unclosed strong `**a `', make: (n) => repeat('**a ', n) },
  { name: 'unclosed strong `__a `', make: (n) => repeat('__a ', n) },
  { name: 'emphasis closers that never close `a*b*`', make: (n) => `*${repeat('a**b ', n - 1)}` },
  { name: 'backticks `` `a ``', make: (n) => `a${repeat('`a ', n - 1)}` },
  { name: 'many `[` before one `](`', make: (n) => `${'['.repeat(n / 2)}a](${'x'.repeat(n / 2 - 4)}` },
  { name: 'unclosed brackets `[a`', make: (n) => repeat('[a', n) },
  { name: 'link targets never closed `[a](x(`', make: (n) => repeat('[a](x(y)', n) },
  { name: 'link titles never closed `[a](x "`', make: (n) => repeat('[a](x "', n) },
  { name: 'nested emphasis `*_*_…x…_*_*`', make: (n) => `${'*_'.repeat(n / 4)}x${'_*'.repeat(n / 4)}` },
  { name: 'bare URL prefixes `http://`', make: (n) => repeat('http://.', n) },
  { name: 'escapes `\\*`', make: (n) => repeat('\\*', n) },
  { name: 'one long line of words', make: (n) => repeat('word ', n) },
  { name: 'many short lines', make: (n) => repeat('a\n', n) },
  { name: 'nested list markers', make: (n) => repeat('- a\n  - b\n    - c\n', n) },
  { name: 'one list item continued over many lines', make: (n) => `- a\n${repeat('  b\n', n - 4)}` },
  { name: 'mixed markers `**[*_`(`', make: (n) => repeat('**[*_`(', n) },
];

/** One section of an ordinary answer: paragraphs, a bullet list with a continued item, a numbered list, links, code. */
const SECTION = [
  'Here are **three picks** for running shoes under $100, all with `free returns`:',
  '',
  '- [Trail Runner 2](https://shop.test/p/trail-2): light, with a *grippy* sole',
  '- Road Glide, $89: cushioned for long runs,',
  '  and it comes in wide sizes',
  '- __Tempo Flex__ (https://shop.test/p/tempo)',
  '',
  '1. Compare the sizes at https://shop.test/sizes.',
  '2) Pick a colour; snake_case_names stay as they are.',
  '',
  'Ask me anything else about fit, colours or delivery times, I am happy to help.',
  '',
  '',
].join('\n');

/** An ordinary answer of exactly `length` characters, as a model writes them. */
export function sampleAnswer(length: number): string {
  return SECTION.repeat(Math.ceil(length / SECTION.length)).slice(0, length);
}

/** The successive texts a bubble shows while `text` streams in chunks of `size` characters. */
export function growing(text: string, size: number): string[] {
  const out: string[] = [];
  for (let end = size; end < text.length + size; end += size) out.push(text.slice(0, Math.min(end, text.length)));
  return out;
}
