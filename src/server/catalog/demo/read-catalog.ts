import { createHash } from 'node:crypto';
import type { Catalog, CatalogImage, CatalogIssue, CatalogItem, CatalogMoney, CatalogVariant } from '../model.js';

/**
 * Reads a catalog written in the model's own shape (what `demo-catalog.json` holds): untrusted
 * JSON checked field by field into `CatalogItem`s. URLs may be relative to `baseUrl` (the demo's
 * images and pages live on the chat server's own origin) and come out absolute. Entries that
 * cannot be a product are dropped, bad optional fields removed, both reported.
 */
export interface ReadCatalogOptions {
  /** Origin and path that relative URLs are resolved against; must be absolute http(s). */
  baseUrl: string;
  /** Where relative image URLs are resolved instead. @default baseUrl */
  imageBaseUrl?: string;
  /** Named in the report. */
  source: string;
  /** Stamped as `loadedAt`. */
  now: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max = 5000): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => text(v, 200)).filter((v): v is string => v !== undefined) : []);

export function readCatalogDocument(doc: unknown, options: ReadCatalogOptions): Catalog {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`readCatalogDocument: baseUrl must be http(s), got ${options.baseUrl}`);
  const root = isObject(doc) ? doc : {};
  const currency = text(root.currency)?.toUpperCase() ?? 'USD';
  const entries = Array.isArray(root.items) ? root.items : Array.isArray(doc) ? doc : [];
  const dropped: CatalogIssue[] = [];
  const repaired: CatalogIssue[] = [];
  const imageBase = new URL(options.imageBaseUrl ?? options.baseUrl);
  const absolute = (value: unknown, entry: string, field: string): string | undefined => {
    const raw = text(value, 2000);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw, field === 'images' ? imageBase : base);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // reported below
    }
    repaired.push({ entry, field, reason: `not a URL: ${raw.slice(0, 80)}` });
    return undefined;
  };
  const money = (value: unknown): CatalogMoney | undefined => {
    const amount = typeof value === 'number' ? value : isObject(value) ? value.amount : undefined;
    const cur = isObject(value) ? text(value.currency)?.toUpperCase() ?? currency : currency;
    return typeof amount === 'number' && Number.isFinite(amount) && amount >= 0 ? { amount, currency: cur } : undefined;
  };
  const image = (value: unknown, entry: string): CatalogImage | undefined => {
    const url = absolute(isObject(value) ? value.url : value, entry, 'images');
    if (url === undefined) return undefined;
    const alt = isObject(value) ? text(value.alt, 300) : undefined;
    return alt === undefined ? { url } : { url, alt };
  };

  const items: CatalogItem[] = [];
  const seen = new Set<string>();
  entries.forEach((raw: unknown, position) => {
    const entry = isObject(raw) && text(raw.id, 100) !== undefined ? String(raw.id) : `#${position}`;
    if (!isObject(raw)) return dropped.push({ entry, reason: 'not an object' });
    const id = text(raw.id, 100);
    const title = text(raw.title, 300);
    const url = absolute(raw.url, entry, 'url');
    if (id === undefined || title === undefined || url === undefined) return dropped.push({ entry, reason: 'needs id, title and url' });
    if (seen.has(id)) return dropped.push({ entry, reason: 'duplicate id' });
    const variants: CatalogVariant[] = [];
    (Array.isArray(raw.variants) ? raw.variants : []).forEach((v: unknown, i) => {
      const price = isObject(v) ? money(v.price) : undefined;
      const variantId = isObject(v) ? text(v.id, 100) : undefined;
      if (!isObject(v) || price === undefined || variantId === undefined) return repaired.push({ entry, field: `variants[${i}]`, reason: 'needs id and a price' });
      const variant: CatalogVariant = {
        id: variantId,
        title: text(v.title, 200) ?? '',
        options: (Array.isArray(v.options) ? v.options : []).filter(isObject).flatMap((o) => {
          const name = text(o.name, 100);
          const value = text(o.value, 100);
          return name !== undefined && value !== undefined ? [{ name, value }] : [];
        }),
        price,
        available: v.available !== false,
      };
      const sku = text(v.sku, 100);
      if (sku !== undefined) variant.sku = sku;
      const compareAt = money(v.compareAtPrice);
      if (compareAt !== undefined) variant.compareAtPrice = compareAt;
      const img = v.image === undefined ? undefined : image(v.image, entry);
      if (img !== undefined) variant.image = img;
      variants.push(variant);
    });
    if (variants.length === 0) return dropped.push({ entry, reason: 'no variant with a price' });
    const attributes: Record<string, string> = {};
    if (isObject(raw.attributes)) for (const [k, v] of Object.entries(raw.attributes)) if (text(v, 500) !== undefined) attributes[k.toLowerCase()] = text(v, 500)!;
    const item: CatalogItem = {
      id, title, url, variants, attributes,
      description: text(raw.description) ?? '',
      categories: texts(raw.categories),
      tags: texts(raw.tags),
      images: (Array.isArray(raw.images) ? raw.images : []).map((i) => image(i, entry)).filter((i): i is CatalogImage => i !== undefined),
      suits: texts(raw.suits).map((s) => s.toLowerCase()),
    };
    const handle = text(raw.handle, 200);
    if (handle !== undefined) item.handle = handle;
    const vendor = text(raw.vendor, 200);
    if (vendor !== undefined) item.vendor = vendor;
    const productType = text(raw.productType, 200);
    if (productType !== undefined) item.productType = productType;
    seen.add(id);
    items.push(item);
  });
  const version = createHash('sha256').update(JSON.stringify([currency, items])).digest('hex').slice(0, 16);
  return {
    version,
    currency,
    items,
    loadedAt: options.now,
    report: { source: options.source, format: 'json', read: entries.length, kept: items.length, dropped, repaired },
  };
}
