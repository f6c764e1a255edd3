import type { Catalog } from '../model.js';
import { CatalogIndex } from './catalog-index.js';
import { rank, type CatalogSearchResult } from './rank.js';

/** Product kinds asked about when a new index is prepared: enough for V8 to optimise the search. */
const WARM_UP_KINDS = 8;

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

  /** Whether the index of this catalog version is built and held. */
  holds(catalog: Catalog): boolean {
    return this.index !== undefined && this.index.catalog === catalog;
  }

  /**
   * Builds the index of a new catalog version now, when it arrives, and asks it a few questions
   * made of its own product kinds: otherwise the first shopper after an update waits for the
   * build (seconds at 50k products) and the next few run unoptimised code, since V8 drops the
   * optimised search code when the previous index is collected.
   */
  prepare(catalog: Catalog): void {
    const index = this.indexFor(catalog);
    let asked = 0;
    for (const kind of index.kindVocabulary) {
      if (asked++ >= WARM_UP_KINDS) break;
      rank(index, kind);
      rank(index, `${kind} under 50`);
    }
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
