/** Character classes of the markdown subset. */

const SPACE = /\s/;

/** Exactly JavaScript's `\s`, which the subset's rules were first written with; ASCII without a regex. */
export function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 159 && SPACE.test(String.fromCharCode(code)));
}

/** JavaScript's `\w`: ASCII letters, digits and underscore. */
export function isWord(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** The characters a backslash makes literal. */
export const ESCAPABLE = '\\`*_[]()';
/** Punctuation that ends a sentence rather than a bare URL. */
export const SENTENCE_END = `.,;:!?)]'}`;
/** What a bare URL can never contain besides whitespace. */
export const URL_END = '<>"';
