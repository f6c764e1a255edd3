import { BlockBuilder, lines } from './block-builder.js';
import type { BlockNode, ParseMeter } from './nodes.js';

export type { BlockNode, Inline, ParseMeter } from './nodes.js';
export { parseInline } from './inline.js';
export { MarkdownStream } from './markdown-stream.js';

/**
 * The markdown subset assistants actually use: paragraphs, line breaks, bullet and numbered lists,
 * bold, italic, inline code and links. It produces a tree of plain objects, never HTML, so a
 * renderer can only ever create the elements named there, with text as text. Server text can be
 * steered by prompt injection, so the cost is linear in the length of the text whatever its shape.
 */
export function parseMarkdown(source: string, meter?: ParseMeter): BlockNode[] {
  const builder = new BlockBuilder(meter);
  for (const line of lines(source)) builder.add(line);
  builder.close();
  return builder.done;
}
