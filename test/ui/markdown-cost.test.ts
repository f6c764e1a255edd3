import { describe, expect, it } from 'vitest';
import { parseMarkdown, type ParseMeter } from '../../src/ui/panel/text/markdown';
import { MARKDOWN_SHAPES } from '../support/markdown-shapes';

/**
 * Server text can be steered by prompt injection, so no shape of text may make the parser
 * super-linear. The parser counts its own work (one step per character it looks at); a clock on a
 * shared machine could not tell 4x from 16x reliably, the count can. Linear cost grows 4x from 5k
 * to 20k characters. The parser this replaced kept no count; timed, it grew 14x to 17x on the
 * emphasis and bracket shapes here and took 3.3 s for `[a](`, 20k spaces and `x`.
 */
const work = (text: string) => {
  const meter: ParseMeter = { steps: 0 };
  parseMarkdown(text, meter);
  return meter.steps;
};

describe('markdown parse cost', () => {
  it.each(MARKDOWN_SHAPES.map((s) => [s.name, s] as const))('grows linearly with the length: %s', (_, shape) => {
    const small = shape.make(5_000);
    const large = shape.make(20_000);
    expect(large.length / small.length).toBeCloseTo(4, 1);
    const [a, b] = [work(small), work(large)];
    // The count sees the text (an escape reads two characters in one step), and reads it a bounded
    // number of times over (each of at most nine nesting levels scans its own range for closers).
    expect(a).toBeGreaterThan(small.length / 4);
    expect(b).toBeLessThanOrEqual(16 * large.length);
    expect(b / a).toBeLessThan(4.5);
  });

  it('keeps deeply nested emphasis literal past a few levels instead of overflowing the stack', () => {
    const deep = `${'*_'.repeat(10_000)}x${'_*'.repeat(10_000)}`;
    const blocks = parseMarkdown(deep);
    let depth = 0;
    let node = blocks[0]!.type === 'paragraph' ? blocks[0]!.children[0] : undefined;
    while (node && 'children' in node) {
      depth++;
      node = node.children[0];
    }
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThanOrEqual(8);
    expect(JSON.stringify(blocks)).toContain('x');
  });
});
