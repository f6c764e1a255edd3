export { DEMO_CATALOG_FILE, DEMO_FAQ_FILE, DEMO_IMAGES_DIR, DEMO_IMAGES_PATH, loadDemoCatalog } from './demo/demo-catalog.js';
export { readCatalogDocument, type ReadCatalogOptions } from './demo/read-catalog.js';
export { catalogResponder, type CatalogResponderOptions } from './responder.js';
export { CatalogSearch, parseQuery, searchCatalog, type CatalogMatch, type CatalogQuery, type CatalogSearchResult } from './search/index.js';
export { answerFromFaq, FaqFormatError, loadFaqFile, parseFaq, type FaqEntry } from './faq.js';
export { languageOf, type AnswerLanguage } from './i18n/messages.js';
export { productCard } from './product-card.js';
export { fitForFace, type FaceFit } from './fit.js';
export type { Catalog, CatalogImage, CatalogItem, CatalogMoney, CatalogVariant, VariantOption } from './model.js';
