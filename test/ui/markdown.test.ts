import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from '../../src/ui/panel/text/markdown';

const t = (text: string) => ({ type: 'text', text });

describe('markdown subset', () => {
  it('splits paragraphs on blank lines and keeps single newlines as breaks', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      { type: 'paragraph', children: [t('one'), { type: 'br' }, t('two')] },
      { type: 'paragraph', children: [t('three')] },
    ]);
  });

  it('reads bullet and numbered lists, with their start number', () => {
    expect(parseMarkdown('Picks:\n- a\n* b\n\n3. c\n4) d')).toEqual([
      { type: 'paragraph', children: [t('Picks:')] },
      { type: 'list', ordered: false, start: 1, items: [[t('a')], [t('b')]] },
      { type: 'list', ordered: true, start: 3, items: [[t('c')], [t('d')]] },
    ]);
  });

  it('reads bold, italic, code and nesting; leaves unclosed markers and snake_case alone', () => {
    expect(parseInline('**bold _and it_** `x*y*` *i* snake_case_name **open')).toEqual([
      { type: 'strong', children: [t('bold '), { type: 'em', children: [t('and it')] }] },
      t(' '),
      { type: 'code', text: 'x*y*' },
      t(' '),
      { type: 'em', children: [t('i')] },
      t(' snake_case_name **open'),
    ]);
  });

  it('keeps safe links, drops unsafe targets but keeps their words, and autolinks bare URLs', () => {
    expect(parseInline('[Shop](https://shop.test/a) [x](javascript:alert(1)) see https://shop.test/b.')).toEqual([
      { type: 'link', href: 'https://shop.test/a', children: [t('Shop')] },
      t(' '),
      t('x'),
      t(' see '),
      { type: 'link', href: 'https://shop.test/b', children: [t('https://shop.test/b')] },
      t('.'),
    ]);
  });

  it('ends a link target at `]`, so one failed link cannot make the next ones rescan it', () => {
    expect(parseInline('[a](b]c) [d](https://shop.test/(x))')).toEqual([
      t('[a](b]c) '),
      { type: 'link', href: 'https://shop.test/(x)', children: [t('d')] },
    ]);
  });

  it('treats HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([{ type: 'paragraph', children: [t('<img src=x onerror=alert(1)>')] }]);
  });
});
