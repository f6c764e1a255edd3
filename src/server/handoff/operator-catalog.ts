import type { ProductItem } from '../../protocol/index.js';
import type { Catalog } from '../catalog/model.js';
import { productCard } from '../catalog/product-card.js';
import { catalogSource } from '../catalog/responder.js';
import { CatalogSearch } from '../catalog/search/catalog-search.js';

/**
 * The catalog search operators send cards from: the same search, over the same catalog version,
 * as the catalog responder's, and the same cards, so what an operator sends looks like what the
 * assistant shows.
 */
export function operatorCatalogSearch(catalog: () => Catalog | undefined, search: CatalogSearch): (query: string, limit: number) => ProductItem[] {
  return (query, limit) => {
    const current = catalog();
    if (current === undefined) return [];
    return search.search(current, query).matches.slice(0, limit).map((match) => productCard(match.item, match.variant));
  };
}

/**
 * The operators' search on a chat server: over its store catalog when it has one, else over the
 * demo catalog the default responder answers from (cards pointing at `publicUrl`).
 */
export function serverCatalogSearch(server: { source: { current(): Catalog | undefined }; search: CatalogSearch } | undefined, publicUrl: string | (() => string)): (query: string, limit: number) => ProductItem[] {
  if (server !== undefined) return operatorCatalogSearch(() => server.source.current(), server.search);
  const demo = catalogSource({ publicUrl });
  return operatorCatalogSearch(() => demo({}), new CatalogSearch());
}
