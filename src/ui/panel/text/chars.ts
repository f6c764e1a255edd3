/** Character classes of the markdown subset, by char code, so no scan ever needs a regex. */

/** Exactly JavaScript's `\s`, which the subset's rules were first written with. */
export function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** JavaScript's `\w`: ASCII letters, digits and underscore. */
export function isWord(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

export const QUOTE = 34;
export const PAREN_OPEN = 40;
export const PAREN_CLOSE = 41;
export const STAR = 42;
export const PLUS = 43;
export const DASH = 45;
export const DOT = 46;
export const LESS = 60;
export const GREATER = 62;
export const BRACKET_OPEN = 91;
export const BACKSLASH = 92;
export const BRACKET_CLOSE = 93;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const BULLET_DOT = 0x2022;

/** The characters a backslash makes literal. */
export function isEscapable(code: number): boolean {
  return code === BACKSLASH || code === BACKTICK || code === STAR || code === UNDERSCORE || code === BRACKET_OPEN || code === BRACKET_CLOSE || code === PAREN_OPEN || code === PAREN_CLOSE;
}

/** Punctuation that ends a sentence rather than a bare URL: `.,;:!?)]'}` (and what ends a URL run). */
export function endsSentence(code: number): boolean {
  return code === 46 || code === 44 || code === 59 || code === 58 || code === 33 || code === 63 || code === 41 || code === 93 || code === 39 || code === 125;
}

/** What a bare URL can never contain: whitespace, `<`, `>` and `"`. */
export function endsUrl(code: number): boolean {
  return isSpace(code) || code === LESS || code === GREATER || code === QUOTE;
}
