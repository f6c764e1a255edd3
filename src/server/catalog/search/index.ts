export { CatalogIndex, FIELD_BOOST, type ItemTerms } from './catalog-index.js';
export { CatalogSearch, searchCatalog } from './catalog-search.js';
export { parseQuery, type CatalogQuery, type PolicyTopic } from './query.js';
export { rank, type CatalogMatch, type CatalogSearchResult } from './rank.js';
export { fold, terms, words } from './text.js';
