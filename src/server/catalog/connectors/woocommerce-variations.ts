import { CatalogError } from './errors.js';
import type { HttpClient } from './http.js';
import { parseJson } from './http.js';
import { list, record, text, type Loose } from './values.js';

/** Variation requests in flight at once: a store's PHP workers are few, and this is one sync. */
const CONCURRENCY = 4;

/**
 * Whether a variable product's variations differ in price. The Store API lists variations with
 * their attributes only, and sets `prices.price_range` (lowest and highest) only when the prices
 * differ; without a range every variation costs the product's price.
 */
export function pricedApart(product: Loose): boolean {
  const range = record(record(product.prices)?.price_range);
  return list(product.variations).length > 0 && range !== undefined && text(range.min_amount) !== text(range.max_amount);
}

/**
 * Reads each variation of `products` that differ in price through the Store API's single-product
 * route (`/products/{variationId}`, which serves a variation as a product of `type: variation`
 * with its own `prices`, stock and image). A variation that fails or does not answer as itself
 * (another id, another parent, no price) is left out of the map; the caller then prices its
 * product "from" the range instead of lending it another variation's price.
 */
export async function readVariations(http: HttpClient, endpoint: string, products: readonly Loose[]): Promise<Map<string, Loose>> {
  const wanted: { id: string; parent: string }[] = [];
  for (const product of products) {
    if (!pricedApart(product)) continue;
    const parent = text(product.id) ?? '';
    for (const variation of list(product.variations)) {
      const id = text(record(variation)?.id);
      if (id !== undefined && /^\d+$/.test(id)) wanted.push({ id, parent });
    }
  }
  const found = new Map<string, Loose>();
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const { id, parent } = wanted[next++]!;
      const variation = await readOne(http, `${endpoint}/${id}`).catch((error: unknown) => {
        // A store's failure costs that product its per-variation prices, not the whole sync.
        if (error instanceof CatalogError) return undefined;
        throw error;
      });
      const own = record(variation);
      const parentId = text(own?.parent);
      if (own && text(own.id) === id && (parentId === undefined || parentId === parent) && text(record(own.prices)?.price) !== undefined) found.set(id, own);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker));
  return found;
}

async function readOne(http: HttpClient, url: string): Promise<unknown> {
  const answer = await http.request(url);
  return parseJson(answer.body, url);
}
