import { CatalogError } from './errors.js';
import { makeConnector, storeOrigin, type CatalogConnector, type ConnectorOptions } from './connector.js';
import { parseJson } from './http.js';
import { currencyCode } from './price.js';
import type { RawProduct } from './raw.js';
import { list, record, text, type Loose } from './values.js';

export interface ShopifyStorefrontOptions extends ConnectorOptions {
  /** The storefront's address (`https://x.myshopify.com` or its own domain). */
  url: string;
  /** A Storefront API access token (public), sent as `X-Shopify-Storefront-Access-Token`. */
  token: string;
  /** Storefront API version. @default '2025-01' */
  apiVersion?: string;
}

const PAGE_SIZE = 100;

const QUERY = `query Products($first: Int!, $after: String) {
  shop { paymentSettings { currencyCode } }
  products(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id handle title description vendor productType tags onlineStoreUrl
      collections(first: 20) { nodes { title } }
      images(first: 10) { nodes { url altText } }
      variants(first: 100) { nodes {
        id sku title availableForSale
        price { amount currencyCode } compareAtPrice { amount currencyCode }
        selectedOptions { name value } image { url altText }
      } }
    }
  }
}`;

/**
 * A Shopify store through the Storefront API (GraphQL, cursor paging with `products(first:, after:)`),
 * for stores that give a token: it carries collections and the shop's currency, which the public
 * products.json does not.
 *
 * @example
 * const connector = shopifyStorefrontConnector({ url: 'https://x.myshopify.com', token: process.env.CATALOG_TOKEN });
 */
export function shopifyStorefrontConnector(options: ShopifyStorefrontOptions): CatalogConnector {
  const origin = storeOrigin(options.url, 'shopifyStorefrontConnector');
  if (typeof options.token !== 'string' || options.token === '') throw new TypeError('shopifyStorefrontConnector: pass `token`, a Storefront API access token');
  const endpoint = `${origin}/api/${options.apiVersion ?? '2025-01'}/graphql.json`;
  return makeConnector('shopify', endpoint, options, origin, async (http) => {
    const products: RawProduct[] = [];
    let currency: string | undefined;
    let after: string | null = null;
    for (let page = 1; ; page++) {
      if (page > http.maxPages) throw new CatalogError('too_many_pages', `${endpoint} has more than ${http.maxPages} pages (maxPages)`);
      const where = `${endpoint} page ${page}`;
      const answer = await http.request(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-storefront-access-token': options.token },
        body: JSON.stringify({ query: QUERY, variables: { first: PAGE_SIZE, after } }),
      });
      const data = graphQlData(parseJson(answer.body, where), where);
      currency ??= currencyCode(record(record(record(data.shop)?.paymentSettings))?.currencyCode);
      const connection = record(data.products);
      if (!connection || !Array.isArray(connection.nodes)) throw new CatalogError('malformed', `${where} has no products.nodes`);
      for (const node of connection.nodes) products.push(storefrontProduct(record(node) ?? {}, origin));
      const info = record(connection.pageInfo);
      const cursor = text(info?.endCursor);
      if (info?.hasNextPage !== true || cursor === undefined || connection.nodes.length === 0) break;
      after = cursor;
    }
    return { products, ...(currency !== undefined && { currency }) };
  });
}

/** `data` of a GraphQL answer; `errors` (even with partial data) fail the page: a partial catalog is not kept. */
export function graphQlData(body: unknown, where: string): Loose {
  const answer = record(body);
  const errors = list(answer?.errors);
  if (errors.length > 0) throw new CatalogError('malformed', `${where} answered GraphQL errors: ${text(record(errors[0])?.message)?.slice(0, 200) ?? 'unknown'}`);
  const data = record(answer?.data);
  if (!data) throw new CatalogError('malformed', `${where} has no GraphQL data`);
  return data;
}

/** `gid://shopify/Product/123` to `123`, the id products.json and the Ajax cart use. */
function gid(value: unknown): string | undefined {
  const id = text(value);
  return id?.replace(/^gid:\/\/shopify\/\w+\//, '');
}

function storefrontProduct(node: Loose, origin: string): RawProduct {
  const handle = text(node.handle);
  return {
    id: gid(node.id),
    handle,
    title: node.title,
    description: node.description,
    vendor: node.vendor,
    productType: node.productType,
    categories: list(record(node.collections)?.nodes).map((c) => record(c)?.title),
    tags: list(node.tags),
    images: list(record(node.images)?.nodes).map((i) => ({ url: record(i)?.url, alt: record(i)?.altText })),
    variants: list(record(node.variants)?.nodes).map((value) => {
      const variant = record(value) ?? {};
      const price = record(variant.price);
      const image = record(variant.image);
      return {
        id: gid(variant.id),
        sku: variant.sku,
        title: text(variant.title) === 'Default Title' ? '' : variant.title,
        options: list(variant.selectedOptions).map((o) => ({ name: record(o)?.name, value: record(o)?.value })),
        price: price?.amount,
        currency: price?.currencyCode,
        compareAtPrice: record(variant.compareAtPrice)?.amount,
        available: variant.availableForSale,
        ...(image && { image: { url: image.url, alt: image.altText } }),
      };
    }),
    url: node.onlineStoreUrl ?? (handle === undefined ? undefined : `${origin}/products/${encodeURIComponent(handle)}`),
  };
}
