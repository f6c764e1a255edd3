/**
 * Turns store HTML (product descriptions) into plain text without a DOM: what the shopper's
 * widget shows as a text node and what search indexes. Script and style contents are dropped
 * whole (their text is code, not words), block elements become spaces so words do not run into
 * each other, entities are decoded once (so `&amp;lt;` stays the text `&lt;`), and whitespace is
 * folded. The result is text, never markup: nothing here is meant to be rendered as HTML.
 */
export function htmlToText(html: string, maxLength = Number.POSITIVE_INFINITY): string {
  const withoutCode = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|template|noscript|iframe|object|svg)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
  // Block elements and line breaks separate words; inline ones (<b>, <a>, <span>) sit inside them.
  const withoutTags = withoutCode
    .replace(/<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|thead|tbody|section|article|header|footer|blockquote|pre|figure|figcaption)\b[^>]*>?/gi, ' ')
    .replace(/<\/?[a-zA-Z][^>]*>?/g, '')
    .replace(/<[!?/][^>]*>?/g, ' ');
  const text = decodeEntities(withoutTags).replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  return cut(text, maxLength);
}

/** Cuts at a word boundary when one is near, and marks the cut with an ellipsis. */
export function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const head = text.slice(0, Math.max(0, maxLength - 1));
  const space = head.lastIndexOf(' ');
  return `${(space > maxLength * 0.8 ? head.slice(0, space) : head).trimEnd()}…`;
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  deg: '°', pound: '£', euro: '€', yen: '¥', cent: '¢', times: '×', frac12: '½', frac14: '¼', frac34: '¾',
  eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', ntilde: 'ñ',
};

/** Decodes numeric and common named entities; an unknown name stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      // Surrogates and out-of-range code points are not characters: a space rather than a throw.
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}
