/**
 * The component's configuration: what widget.phtml writes into the x-magento-init JSON. It comes
 * from a cached page the store rendered, but a theme or an extension may have rewritten it, so it
 * is checked here once and the rest of the component trusts the result.
 */
export type Position = 'left' | 'right';

export interface ComponentConfig {
  /** Chat server origin; undefined for the page's own. */
  socketUrl?: string;
  greeting?: string;
  /** `#rrggbb` */
  accentColor?: string;
  position: Position;
  /** BCP 47, `en-US`. */
  locale?: string;
  /** ISO 4217, `USD`. */
  currency?: string;
  /** Magento's add-to-cart controller on this store view, on the page's origin. */
  cartAddUrl: string;
}

/** Magento's route, relative to the page (a store in a subfolder passes its own through the config). */
export const DEFAULT_CART_ADD_URL = '/checkout/cart/add/';
const MAX_GREETING = 500;

export function readConfig(input: unknown, pageUrl: string): ComponentConfig {
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const config: ComponentConfig = {
    position: raw.position === 'left' ? 'left' : 'right',
    cartAddUrl: sameOriginUrl(raw.cartAddUrl, pageUrl) ?? new URL(DEFAULT_CART_ADD_URL, pageUrl).href,
  };
  const socketUrl = httpUrl(raw.socketUrl);
  if (socketUrl) config.socketUrl = socketUrl;
  if (typeof raw.greeting === 'string' && raw.greeting.trim() !== '') config.greeting = raw.greeting.trim().slice(0, MAX_GREETING);
  if (typeof raw.accentColor === 'string' && /^#[0-9a-f]{6}$/i.test(raw.accentColor)) config.accentColor = raw.accentColor.toLowerCase();
  if (typeof raw.locale === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(raw.locale)) config.locale = raw.locale;
  if (typeof raw.currency === 'string' && /^[A-Z]{3}$/.test(raw.currency)) config.currency = raw.currency;
  return config;
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The form key goes with every add-to-cart POST: never to another origin. */
function sameOriginUrl(value: unknown, pageUrl: string): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value, pageUrl);
    return url.origin === new URL(pageUrl).origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}
