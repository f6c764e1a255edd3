import { stemmer } from 'stemmer';

/**
 * Words as search sees them, the same on both sides (products when indexed, questions when asked):
 * lower case, accents folded, amounts with a unit joined into one word ("40 oz" and "40oz" are both
 * `40oz`), hyphenated words with a one-letter part joined ("t-shirt" is `tshirt`, as shoppers also
 * write it), others split, then Porter-stemmed (the `stemmer` package: English only, which is the
 * language of most product data; other languages pass through unstemmed and rely on prefix and
 * typo tolerance).
 */

/** Units a shopper writes after a number, folded to one spelling. Longest first inside each group. */
const UNITS: readonly [pattern: string, canonical: string][] = [
  ['fl\\.?\\s*oz|ounces?|oz', 'oz'],
  ['quarts?|qts?', 'qt'],
  ['gallons?|gal', 'gal'],
  ['pints?|pt', 'pt'],
  ['millilit(?:er|re)s?|ml', 'ml'],
  ['centilit(?:er|re)s?|cl', 'cl'],
  ['lit(?:er|re)s?|l', 'l'],
  ['kilograms?|kgs?', 'kg'],
  ['grams?|g', 'g'],
  ['pounds?|lbs?', 'lb'],
  ['millimet(?:er|re)s?|mm', 'mm'],
  ['centimet(?:er|re)s?|cm', 'cm'],
  ['inch(?:es)?|"', 'in'],
  ['piece|pack|pk', 'pc'],
];
const UNIT_PATTERN = new RegExp(`(\\d+(?:[.,]\\d+)?)\\s*(${UNITS.map(([p]) => p).join('|')})(?![\\p{L}\\d])`, 'giu');
const UNIT_TESTS = UNITS.map(([pattern, canonical]) => [new RegExp(`^(?:${pattern})$`, 'i'), canonical] as const);
const UNIT_OF = (word: string): string => UNIT_TESTS.find(([pattern]) => pattern.test(word))?.[1] ?? word;

/** Words that carry no product meaning in the languages answers are given in. */
const STOP_WORDS = new Set([
  // English
  'a', 'an', 'the', 'for', 'to', 'of', 'in', 'on', 'with', 'and', 'or', 'me', 'my', 'i', 'im', 'show', 'find', 'looking',
  'look', 'want', 'need', 'some', 'any', 'please', 'can', 'could', 'you', 'do', 'have', 'get', 'got', 'something',
  'that', 'this', 'is', 'are', 'what', 'which', 'good', 'best', 'recommend', 'suggest', 'buy', 'like', 'would', 'love',
  'see', 'there', 'your', 'it', 'one', 'ones', 'id', 'we', 'us', 'our', 'be', 'at', 'by', 'from', 'about', 'do',
  'does', 'anything', 'thing', 'item', 'product', 'products', 'pair', 'set', 'hi', 'hello', 'hey', 'thanks', 'size', 'sized',
  // French
  'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'pour', 'avec', 'et', 'ou', 'je', 'cherche', 'veux', 'voudrais',
  'moi', 'vous', 'avez', 'est', 'sont', 'en', 'au', 'aux',
  // German
  'der', 'die', 'das', 'ein', 'eine', 'einen', 'fur', 'mit', 'und', 'oder', 'ich', 'suche', 'mochte', 'habt', 'ihr',
  'haben', 'sie', 'zu', 'im',
  // Spanish
  'el', 'los', 'las', 'uno', 'unos', 'unas', 'para', 'con', 'y', 'o', 'yo', 'busco', 'quiero', 'tienen', 'del', 'por',
]);

/** Lower case, accents folded (é is e, ü is u), Arabic left as it is (recomposed, so أ stays one letter). */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most product text is ASCII: skip the (costly) normalisation when there is nothing to fold.
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFC') : lower;
}

/**
 * Letters and digits of the scripts shoppers write in (Latin, Greek, Cyrillic, Hebrew, Arabic,
 * Indic, Japanese kana, CJK, Hangul), as plain ranges: Unicode property escapes cost several times
 * more per character, and this runs over every word of every product when indexing.
 */
const WORD = /\d+(?:\.\d+)?[a-z]*|[a-z0-9\u00c0-\u024f\u0370-\u04ff\u0590-\u06ff\u0900-\u0dff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+/g;

/** Raw words of `text`: folded, units joined, one-letter hyphen parts joined. Nothing dropped yet. */
export function words(text: string): string[] {
  let joined = fold(text);
  if (/\d/.test(joined)) joined = joined.replace(UNIT_PATTERN, (_all, amount: string, unit: string) => ` ${amount.replace(',', '.')}${UNIT_OF(unit)} `);
  if (joined.includes('-')) joined = joined.replace(/(?<![a-z\d])([a-z])-([a-z]+)/g, '$1$2').replace(/([a-z]+)-([a-z])(?![a-z\d])/g, '$1$2');
  return joined.match(WORD) ?? [];
}

/** The index form of one raw word: stemmed when it is a word, as it is when it holds a digit. */
export function term(word: string): string {
  return /\d/.test(word) || word.length <= 3 ? word : stemmer(word);
}

/**
 * `term` remembering its answers: a catalog repeats the same few thousand words, and stemming is
 * the costliest step of indexing. One per index build, dropped with it.
 */
export function memoTerm(): (word: string) => string {
  const seen = new Map<string, string>();
  return (word) => {
    let stem = seen.get(word);
    if (stem === undefined) seen.set(word, (stem = term(word)));
    return stem;
  };
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** The terms of `text` that can match a product: stop words out, the rest stemmed. */
export function terms(text: string): string[] {
  return words(text).filter((w) => !STOP_WORDS.has(w)).map(term);
}
