import { describe, expect, it } from 'vitest';
import { MarkdownStream, parseMarkdown, type ParseMeter } from '../../src/ui/panel/text/markdown';
import { MARKDOWN_SHAPES, growing, sampleAnswer } from '../support/markdown-shapes';


describe('MarkdownStream', () => {
  it('gives the blocks parseMarkdown gives, at every step of a stream, whatever the chunking', () => {
    const texts = [sampleAnswer(1_200), ...MARKDOWN_SHAPES.map((s) => s.make(300)), 'a\r', 'a\r\nb\r\rc\n\n- x\r\n  y\r\n2) z'];
    const wrong: string[] = [];
    for (const text of texts) {
      for (const size of [1, 7, 50]) {
        const stream = new MarkdownStream();
        for (const shown of growing(text, size)) {
          if (JSON.stringify(stream.update(shown)) !== JSON.stringify(parseMarkdown(shown))) wrong.push(`${size}: ${JSON.stringify(shown.slice(-40))}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('parses a 20k answer streamed in 200-character chunks about once, not once per chunk', () => {
    const text = sampleAnswer(20_000);
    const once: ParseMeter = { steps: 0 };
    parseMarkdown(text, once);
    const streamed: ParseMeter = { steps: 0 };
    const stream = new MarkdownStream(streamed);
    for (const shown of growing(text, 200)) stream.update(shown);
    // What the panel did before: the whole text again on every chunk.
    const whole: ParseMeter = { steps: 0 };
    for (const shown of growing(text, 200)) parseMarkdown(shown, whole);
    expect(whole.steps / once.steps).toBeGreaterThan(40);
    expect(streamed.steps / once.steps).toBeLessThan(1.5);
  });

  it('parses a 20k answer on one line a few times, not once per chunk, showing the newest characters meanwhile', () => {
    const text = `Try **these**: ${'[Runner](https://shop.test/r) or *a* '.repeat(540)}`.slice(0, 20_000);
    const once: ParseMeter = { steps: 0 };
    parseMarkdown(text, once);
    const meter: ParseMeter = { steps: 0 };
    const stream = new MarkdownStream(meter);
    let between = 0;
    for (const shown of growing(text, 200)) {
      // Each update is either parsed through, or the last parse with the newest characters as text.
      const open = stream.update(shown);
      const last = open[0]?.type === 'paragraph' ? open[0].children.at(-1) : undefined;
      if (JSON.stringify(open) === JSON.stringify(parseMarkdown(shown))) continue;
      between++;
      expect(last?.type === 'text' && last.text.endsWith(shown.trimEnd().slice(-20))).toBe(true);
    }
    expect(between).toBeGreaterThan(50);
    expect(meter.steps / once.steps).toBeLessThan(8);
    expect(stream.update(text, true)).toEqual(parseMarkdown(text));
  });

  it('hands out settled blocks as the same objects on every later update', () => {
    const stream = new MarkdownStream();
    const first = stream.update('One **two**\n\n- a\n- b\n\nThree');
    expect(first).toHaveLength(3);
    const later = stream.update('One **two**\n\n- a\n- b\n\nThree and four\n\nFive');
    expect(later).toHaveLength(4);
    expect(later.slice(0, 2)).toEqual(first.slice(0, 2));
    expect(later[0]).toBe(first[0]);
    expect(later[1]).toBe(first[1]);
    expect(later[2]).not.toBe(first[2]);
  });

  it('starts again when the text no longer extends the last one (the final answer differs)', () => {
    const stream = new MarkdownStream();
    stream.update('- draft one\n- draft two\n\nMore');
    expect(stream.update('Final *answer*')).toEqual(parseMarkdown('Final *answer*'));
  });
});
