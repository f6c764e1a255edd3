import type { ChatContext, UiStrings, WidgetOptions } from '../../../src/index';
import { cartContext, type CartMessages, type ShopifyCartJson } from './cart';

/*
 * The app embed block renders its settings and the page's Liquid objects as JSON (each value
 * through Liquid's `json` filter) into `<script type="application/json" data-ai-discovery-config>`.
 * This is where that JSON becomes typed options, once.
 */

export interface EmbedConfig {
  socketUrl: string;
  strings: Partial<UiStrings>;
  /** The merchant's look: `position`, `accentColor`, `accentTextColor`. */
  look: Pick<WidgetOptions, 'position' | 'accentColor' | 'accentTextColor'>;
  /** `routes.root_url`, used when the page has no `Shopify.routes.root`. */
  root: string;
  messages: CartMessages;
  context: ChatContext;
}

type Raw = Record<string, unknown>;

const text = (value: unknown, max = 500): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;

/** Liquid ids are numbers; the protocol's are strings. */
const id = (value: unknown): string | undefined => (typeof value === 'number' && Number.isFinite(value) ? String(value) : text(value, 64));

const protocolOf = (url: string): string => {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
};

/** What a Shopify colour setting prints: a hex, or rgba() when it has transparency. */
const colour = (value: unknown): string | undefined =>
  typeof value === 'string' && /^(#[\da-f]{3,8}|rgba?\([\d\s.,%/]+\))$/i.test(value.trim()) ? value.trim() : undefined;

const record = (value: unknown): Raw => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {});

/** Throws an Error saying which setting is wrong; the caller warns the merchant in the console. */
export function readConfig(json: string): EmbedConfig {
  const raw = record(JSON.parse(json));
  const socketUrl = text(raw.socketUrl, 2048);
  if (!socketUrl || !/^https?:$/.test(protocolOf(socketUrl))) {
    throw new Error('AI Discovery: set "Chat server URL" in the app embed to the https:// address of your chat server');
  }
  const strings: Partial<UiStrings> = {};
  const greeting = text(raw.greeting);
  const title = text(raw.title, 100);
  if (greeting) strings.greeting = greeting;
  if (title) strings.title = title;
  const look: EmbedConfig['look'] = {};
  if (raw.position === 'left' || raw.position === 'right') look.position = raw.position;
  const accent = colour(raw.accentColor);
  const accentText = colour(raw.accentTextColor);
  if (accent) look.accentColor = accent;
  if (accentText) look.accentTextColor = accentText;
  const messages = record(raw.messages);
  const context: ChatContext = { platform: 'shopify' };
  const put = (key: string, value: ChatContext[string]) => value !== undefined && (context[key] = value);
  put('shop', text(raw.shop, 255));
  put('locale', text(raw.locale, 35));
  put('currency', /^[A-Z]{3}$/.test(String(raw.currency)) ? String(raw.currency) : undefined);
  put('customerId', id(raw.customerId));
  const pageType = text(raw.pageType, 64);
  if (pageType) context.page = { type: pageType };
  const product = record(raw.product);
  const productId = id(product.id);
  if (productId) {
    context.product = { id: productId, title: text(product.title, 300), variantId: id(product.variantId) };
    // Handles are how themes and the Storefront API name products; the protocol's shape has room.
    put('productHandle', text(product.handle, 255));
  }
  if (raw.cart) put('cart', cartContext(record(raw.cart) as ShopifyCartJson) as unknown as ChatContext[string]);
  return {
    socketUrl,
    strings,
    look,
    root: text(raw.root, 255)?.replace(/\/?$/, '/') ?? '/',
    messages: { offline: text(messages.offline) ?? '', noVariant: text(messages.noVariant) ?? '' },
    context,
  };
}
