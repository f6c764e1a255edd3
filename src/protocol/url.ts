/**
 * URL policy for anything the server asks the widget to link to or load. Applied once when a
 * payload is parsed, so the UI only ever sees URLs that passed.
 */

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Browsers ignore these inside a URL's scheme ("java\tscript:"), so they are stripped before the
// scheme is judged, and the judged form is what we keep.
const INVISIBLE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

export type UrlPurpose = 'link' | 'image';

/**
 * Returns the URL cleaned of invisible characters when it is safe for its purpose, or `undefined`.
 * Links may be http(s), mailto or relative; images http(s) or relative. Nothing else (javascript:,
 * data:, vbscript:, blob:, file:) passes.
 */
export function safeUrl(raw: string, purpose: UrlPurpose): string | undefined {
  const url = raw.replace(INVISIBLE, '');
  if (url.length === 0 || url.length > 2048) return undefined;
  // Backslashes are read as slashes by browsers: "\\evil.com" would be protocol-relative.
  if (url.includes('\\')) return undefined;
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url.includes(':') && !/^[/?#.]/.test(url) ? undefined : url;
  if (scheme === 'http' || scheme === 'https') return url;
  if (scheme === 'mailto' && purpose === 'link') return url;
  return undefined;
}
