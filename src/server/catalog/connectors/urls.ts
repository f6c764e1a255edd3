/**
 * URLs from a feed made absolute against the store's origin, keeping only http(s): a card link or
 * an image in the widget must never be `javascript:`, `data:` or a path on the chat server.
 */
export function absoluteUrl(raw: unknown, origin: string | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = origin === undefined ? new URL(raw.trim()) : new URL(raw.trim().replace(/^\/\//, 'https://'), origin);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // Credentials in a link would be shown to every shopper.
  url.username = '';
  url.password = '';
  return url.href;
}

const NOT_IMAGES = /\.(html?|php|aspx?|jsp|pdf|txt|json|xml|js|css|zip)$/i;

/**
 * Why an image link is not an image, or undefined when it may be one. Real feeds point image
 * links at the store's home page; those would show a broken image on every card.
 */
export function notAnImage(url: string): string | undefined {
  const { pathname, search } = new URL(url);
  if ((pathname === '/' || pathname === '') && search === '') return 'points at the home page, not an image';
  if (NOT_IMAGES.test(pathname)) return 'points at a page, not an image';
  return undefined;
}
