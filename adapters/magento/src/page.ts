import type { ChatContext } from '../../../src/index';

/**
 * Body classes Magento puts on its page types (`<route>-<controller>-<action>`), as the page types
 * the chat context uses.
 */
const PAGE_TYPES: [bodyClass: string, type: string][] = [
  ['catalog-product-view', 'product'],
  ['catalog-category-view', 'category'],
  ['catalogsearch-result-index', 'search'],
  ['cms-index-index', 'home'],
  ['checkout-cart-index', 'cart'],
  ['checkout-index-index', 'checkout'],
];

/**
 * Where the shopper is. The URL loses its query and fragment (they can carry e-mail addresses or
 * tokens from campaign links). On a product page the product comes from Magento's own
 * add-to-cart form, which every theme derived from Luma or Hyvä renders with this id.
 */
export function pageContext(doc: Document): ChatContext {
  const location = doc.location;
  const type = PAGE_TYPES.find(([bodyClass]) => doc.body?.classList.contains(bodyClass))?.[1] ?? 'other';
  const context: ChatContext = { page: { url: location ? (location.origin + location.pathname).slice(0, 500) : '', title: doc.title.slice(0, 200), type } };
  if (type === 'product') {
    const input = doc.querySelector<HTMLInputElement>('#product_addtocart_form input[name="product"]');
    const productId = input?.value ?? '';
    if (/^\d{1,20}$/.test(productId)) {
      const title = doc.querySelector('.page-title')?.textContent?.trim().slice(0, 200);
      context.product = title ? { id: productId, title } : { id: productId };
    }
  }
  return context;
}
