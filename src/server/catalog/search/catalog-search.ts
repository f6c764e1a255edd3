import type { Catalog } from '../model.js';
import { CatalogIndex } from './catalog-index.js';
import { rank, type CatalogSearchResult } from './rank.js';

/**
 * Search over a catalog that may change: the index is built on the first question about a catalog
 * version and kept until a question arrives about another version, so a live source can swap
 * catalogs and no question ever re-reads product text.
 *
 * @example
 * const search = new CatalogSearch();
 * search.search(catalog, 'red sunglasses under $50').matches[0]?.variant.id;
 */
export class CatalogSearch {
  private index: CatalogIndex | undefined;

  /** The index of `catalog`, built now when its version is not the one held. */
  indexFor(catalog: Catalog): CatalogIndex {
    if (this.index === undefined || this.index.version !== catalog.version || this.index.catalog.items.length !== catalog.items.length) {
      this.index = CatalogIndex.build(catalog);
    }
    return this.index;
  }

  search(catalog: Catalog, text: string): CatalogSearchResult {
    return rank(this.indexFor(catalog), text);
  }
}

/**
 * One search over `catalog`, indexing it for this call only. For repeated questions keep a
 * `CatalogSearch`, which indexes each catalog version once.
 *
 * @example
 * searchCatalog(catalog, 'sunglases').matches.map((m) => m.item.title);
 */
export function searchCatalog(catalog: Catalog, text: string): CatalogSearchResult {
  return rank(CatalogIndex.build(catalog), text);
}
