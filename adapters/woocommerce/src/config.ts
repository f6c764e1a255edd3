import type { ChatContext } from '../../../src/protocol';

/**
 * What the plugin's PHP puts in `window.aiDiscoveryWoo` (see
 * `includes/class-ai-discovery-widget-frontend.php`, `config()`).
 */
export interface WooConfig {
  /** The chat server. */
  socketUrl: string;
  /** The Store API's `cart/add-item` route, as `rest_url()` spells it on this site. */
  addItemUrl: string;
  /** `wp_create_nonce('wc_store_api')`. */
  nonce: string;
  /** The panel file with the plugin's version in its query. */
  panelUrl: string | undefined;
  accent: string | undefined;
  accentText: string | undefined;
  position: 'right' | 'left';
  greeting: string | undefined;
  /** Signed identity of a logged-in customer. */
  token: string | undefined;
  context: ChatContext;
}

const COLOUR = /^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Checks the page's configuration once, here, so the rest of the script can trust its types.
 * Returns undefined when a required field is missing (the page was cached from another setup, or
 * a theme printed the scripts without the plugin's inline configuration).
 */
export function readConfig(value: unknown): WooConfig | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const socketUrl = text(v.socketUrl);
  const addItemUrl = text(v.addItemUrl);
  const nonce = text(v.nonce);
  if (!socketUrl || !addItemUrl || !nonce) return undefined;
  const accent = text(v.accent);
  const accentText = text(v.accentText);
  const strings = typeof v.strings === 'object' && v.strings !== null ? (v.strings as Record<string, unknown>) : {};
  const context = typeof v.context === 'object' && v.context !== null && !Array.isArray(v.context) ? (v.context as ChatContext) : {};
  return {
    socketUrl,
    addItemUrl,
    nonce,
    panelUrl: text(v.panelUrl),
    accent: accent && COLOUR.test(accent) ? accent : undefined,
    accentText: accentText && COLOUR.test(accentText) ? accentText : undefined,
    position: v.position === 'left' ? 'left' : 'right',
    greeting: text(strings.greeting),
    token: text(v.token),
    context: { ...context, platform: 'woocommerce' },
  };
}
