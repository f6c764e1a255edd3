import { CatalogError } from './errors.js';
import { makeConnector, storeOrigin, type CatalogConnector, type ConnectorOptions } from './connector.js';
import { parseJson } from './http.js';
import { currencyCode } from './price.js';
import type { RawProduct, RawVariant } from './raw.js';
import { specialPriced, storeCalendar } from './special-price.js';
import { graphQlData } from './shopify-storefront.js';
import { list, record, text, type Loose } from './values.js';

export interface MagentoOptions extends ConnectorOptions {
  /** The store's address; the GraphQL endpoint is `<url>/graphql`. */
  url: string;
  /** Store view code sent as the `Store` header, when not the default view. */
  storeCode?: string;
  /**
   * The store's time zone (Stores > Configuration > General > Locale Options), which decides on
   * which day a special price starts and ends.
   * @default 'UTC'
   */
  timeZone?: string;
}

/** Magento's default cap on `pageSize` is 300; 100 keeps each answer small. */
const PAGE_SIZE = 100;

const PRICE = 'special_price special_from_date special_to_date price_range { minimum_price { regular_price { value currency } final_price { value currency } } }';
const QUERY = `query Products($pageSize: Int!, $currentPage: Int!) {
  products(search: "", pageSize: $pageSize, currentPage: $currentPage) {
    page_info { current_page total_pages }
    items {
      __typename sku name url_key url_suffix stock_status
      description { html } short_description { html }
      ${PRICE}
      small_image { url label } media_gallery { url label }
      categories { name }
      ... on ConfigurableProduct {
        configurable_options { attribute_code label }
        variants { attributes { code label } product { sku stock_status ${PRICE} small_image { url label } } }
      }
    }
  }
}`;

/**
 * A Magento 2 (Adobe Commerce) store through its public GraphQL `products(search: "")` query,
 * paged with `pageSize`/`currentPage` up to `page_info.total_pages`. Configurable products come
 * with their simple children as variants. Ids are SKUs: unique in Magento and what its cart takes.
 *
 * @example
 * const connector = magentoConnector({ url: 'https://shop.example.com' });
 */
export function magentoConnector(options: MagentoOptions): CatalogConnector {
  const origin = storeOrigin(options.url, 'magentoConnector');
  const endpoint = `${origin}/graphql`;
  const calendar = storeCalendar(options.timeZone ?? 'UTC', 'magentoConnector');
  return makeConnector('magento', endpoint, options, origin, async (http) => {
    const today = calendar((options.now ?? Date.now)());
    const products: RawProduct[] = [];
    let currency: string | undefined;
    let totalPages = 1;
    for (let page = 1; page <= totalPages; page++) {
      if (page > http.maxPages) throw new CatalogError('too_many_pages', `${endpoint} has more than ${http.maxPages} pages (maxPages)`);
      const where = `${endpoint} page ${page}`;
      const answer = await http.request(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.storeCode !== undefined && { store: options.storeCode }) },
        body: JSON.stringify({ query: QUERY, variables: { pageSize: PAGE_SIZE, currentPage: page } }),
      });
      const connection = record(graphQlData(parseJson(answer.body, where), where).products);
      if (!connection || !Array.isArray(connection.items)) throw new CatalogError('malformed', `${where} has no products.items`);
      const pages = Number(record(connection.page_info)?.total_pages);
      if (Number.isInteger(pages) && pages >= 0) totalPages = pages;
      for (const item of connection.items) {
        const product = record(item) ?? {};
        currency ??= currencyCode(minimum(product).final?.currency);
        products.push(magentoProduct(product, origin, today));
      }
    }
    return { products, ...(currency !== undefined && { currency }) };
  });
}

function minimum(product: Loose): { final?: Loose; regular?: Loose } {
  const min = record(record(product.price_range)?.minimum_price);
  return { final: record(min?.final_price), regular: record(min?.regular_price) };
}

function priced(product: Loose, today: string): Pick<RawVariant, 'price' | 'compareAtPrice' | 'currency' | 'available'> {
  const { final, regular } = minimum(product);
  const prices = specialPriced({ regular: regular?.value, final: final?.value, special: product.special_price, from: product.special_from_date, to: product.special_to_date }, today);
  return { ...prices, currency: final?.currency ?? regular?.currency, available: text(product.stock_status) !== 'OUT_OF_STOCK' };
}

function magentoProduct(product: Loose, origin: string, today: string): RawProduct {
  const urlKey = text(product.url_key);
  const labels = new Map(list(product.configurable_options).map((o) => [text(record(o)?.attribute_code) ?? '', record(o)?.label]));
  const children = list(product.variants).map((value) => record(value) ?? {});
  const variants: RawVariant[] = children.length === 0
    ? [{ id: product.sku, sku: product.sku, ...priced(product, today) }]
    : children.map((child) => {
      const simple = record(child.product) ?? {};
      const options = list(child.attributes).map((a) => ({ name: labels.get(text(record(a)?.code) ?? '') ?? record(a)?.code, value: record(a)?.label }));
      const image = record(simple.small_image);
      return {
        id: simple.sku, sku: simple.sku, title: options.map((o) => text(o.value)).filter(Boolean).join(' / '), options, ...priced(simple, today),
        ...(image && { image: { url: image.url, alt: image.label } }),
      };
    });
  const gallery = list(product.media_gallery);
  return {
    id: product.sku,
    handle: urlKey,
    title: product.name,
    description: text(record(product.description)?.html) ?? record(product.short_description)?.html,
    categories: list(product.categories).map((c) => record(c)?.name),
    images: (gallery.length > 0 ? gallery : [product.small_image]).map((i) => ({ url: record(i)?.url, alt: record(i)?.label })),
    variants,
    url: urlKey === undefined ? undefined : `${origin}/${urlKey}${text(product.url_suffix) ?? '.html'}`,
  };
}
