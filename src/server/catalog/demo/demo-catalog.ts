import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../model.js';
import { readCatalogDocument } from './read-catalog.js';

/**
 * The demo store's folder: its catalog (`demo-catalog.json`), store policies (`demo-faq.json`)
 * and images. From source this is `src/server/catalog/demo/`; the build copies the files next to
 * the bundled server, where the same expression finds them. Built from a path rather than
 * `new URL('./images/', import.meta.url)`, which Vite rewrites into an http asset URL when the
 * server is imported in a browser-like test.
 */
export const DEMO_DIR: string = dirname(fileURLToPath(import.meta.url)) + sep;

/** The demo product images, with a trailing separator; the chat server serves them at `DEMO_IMAGES_PATH`. */
export const DEMO_IMAGES_DIR: string = join(DEMO_DIR, 'images') + sep;

/** Where the chat server serves `DEMO_IMAGES_DIR`; the demo catalog's image URLs point there. */
export const DEMO_IMAGES_PATH = '/catalog-images/';

export const DEMO_CATALOG_FILE: string = join(DEMO_DIR, 'demo-catalog.json');
export const DEMO_FAQ_FILE: string = join(DEMO_DIR, 'demo-faq.json');

/**
 * The demo store (36 products: eyewear, beauty, apparel) as a `Catalog`, read from its data file
 * through the same validation as any JSON catalog. Its image and product URLs are relative in the
 * file and come out absolute: pages against `publicUrl`, the chat server's public origin, and
 * images against `imageBaseUrl` (default: `DEMO_IMAGES_PATH` on that origin). Without
 * `publicUrl` they stay root-relative, for a page served from the same origin.
 *
 * @example
 * const catalog = loadDemoCatalog({ publicUrl: 'https://chat.example.com' });
 * catalog.items[0]?.images[0]?.url; // 'https://chat.example.com/catalog-images/ew01.svg'
 */
export function loadDemoCatalog(options: { publicUrl?: string; imageBaseUrl?: string; now?: number } = {}): Catalog {
  const base = new URL(options.publicUrl ?? UNKNOWN_ORIGIN);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const images = new URL(options.imageBaseUrl ?? DEMO_IMAGES_PATH.slice(1), base);
  if (!images.pathname.endsWith('/')) images.pathname += '/';
  const doc: unknown = JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8'));
  const catalog = readCatalogDocument(doc, { baseUrl: base.href, imageBaseUrl: images.href, source: 'demo-catalog.json', now: options.now ?? Date.now() });
  if (options.publicUrl !== undefined) return catalog;
  // No public origin known: paths on whichever origin serves the page, as `npm start`'s store
  // page does (it serves the images too). Anywhere else, give `publicUrl`.
  const local = (url: string) => (url.startsWith(UNKNOWN_ORIGIN) ? url.slice(UNKNOWN_ORIGIN.length - 1) : url);
  const items = catalog.items.map((item) => ({
    ...item,
    url: local(item.url),
    images: item.images.map((image) => ({ ...image, url: local(image.url) })),
    variants: item.variants.map((variant) => (variant.image ? { ...variant, image: { ...variant.image, url: local(variant.image.url) } } : variant)),
  }));
  return { ...catalog, items };
}

/** Stands for "the page's own origin" while the document is read; never leaves this file. */
const UNKNOWN_ORIGIN = 'http://same-origin.invalid/';
