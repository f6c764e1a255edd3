export { DEMO_CATALOG, DEMO_IMAGES_DIR, type CatalogCategory, type CatalogProduct } from './products';
export { catalogResponder, type CatalogResponderOptions } from './responder';
export { parseQuery, searchCatalog, tokenize, type CatalogMatch, type CatalogQuery, type CatalogSearchResult } from './search';
export { fitForFace, type FaceFit } from './fit';
