export { DEMO_CATALOG, DEMO_IMAGES_DIR, type CatalogCategory, type CatalogProduct } from './products.js';
export { catalogResponder, type CatalogResponderOptions } from './responder.js';
export { parseQuery, searchCatalog, tokenize, type CatalogMatch, type CatalogQuery, type CatalogSearchResult } from './search.js';
export { fitForFace, type FaceFit } from './fit.js';
