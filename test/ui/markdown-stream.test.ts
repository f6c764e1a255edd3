import { describe, expect, it } from 'vitest';
import { MarkdownStream, parseMarkdown, type BlockNode, type ParseMeter, type StreamedBlocks } from '../../src/ui/panel/text/markdown';
import { MARKDOWN_SHAPES, growing, sampleAnswer } from '../support/markdown-shapes';

const flat = (b: StreamedBlocks): BlockNode[] => [...b.settled.flat(), ...b.open];

describe('MarkdownStream', () => {
  it('gives the blocks parseMarkdown gives, at every step of a stream, whatever the chunking', () => {
    const texts = [sampleAnswer(1_200), ...MARKDOWN_SHAPES.map((s) => s.make(300)), 'a\r', 'a\r\nb\r\rc\n\n- x\r\n  y\r\n2) z'];
    const wrong: string[] = [];
    for (const text of texts) {
      for (const size of [1, 7, 50]) {
        const stream = new MarkdownStream();
        for (const shown of growing(text, size)) {
          if (JSON.stringify(flat(stream.update(shown))) !== JSON.stringify(parseMarkdown(shown))) wrong.push(`${size}: ${JSON.stringify(shown.slice(-40))}`);
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

  it('hands out settled blocks as the same objects on every later update', () => {
    const stream = new MarkdownStream();
    const first = stream.update('One **two**\n\n- a\n- b\n\nThree');
    expect(first.settled.flat()).toHaveLength(2);
    const later = stream.update('One **two**\n\n- a\n- b\n\nThree and four\n\nFive');
    expect(later.settled[0]).toBe(first.settled[0]);
    expect(later.settled.flat()).toHaveLength(3);
  });

  it('starts again when the text no longer extends the last one (the final answer differs)', () => {
    const stream = new MarkdownStream();
    stream.update('- draft one\n- draft two\n\nMore');
    expect(flat(stream.update('Final *answer*'))).toEqual(parseMarkdown('Final *answer*'));
  });
});
