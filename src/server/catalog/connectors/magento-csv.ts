import { makeConnector, type CatalogConnector } from './connector.js';
import type { FileFeedOptions } from './google-merchant.js';
import type { RawProduct, RawVariant } from './raw.js';
import { specialPriced, storeCalendar } from './special-price.js';
import { readTable } from './tabular.js';
import { parts, text, type Loose } from './values.js';

export interface MagentoCsvOptions extends FileFeedOptions {
  /**
   * The store's time zone, which decides on which day a special price starts and ends.
   * @default 'UTC'
   */
  timeZone?: string;
}

/**
 * Magento 2's catalog import/export CSV (System > Data Transfer). Configurable parents list their
 * simple children in `configurable_variations` (`sku=X,size=M,color=Red|sku=Y,...`); children that
 * are "Not Visible Individually" only appear as those variants. Rows of other store views
 * (`store_view_code` set) translate the default row and are skipped. Image paths are relative to
 * `<storeUrl>/media/catalog/product`, product URLs are `<storeUrl>/<url_key>.html`.
 *
 * @example
 * const connector = magentoCsvConnector({ url: './export_catalog_product.csv', storeUrl: 'https://shop.example.com', currency: 'USD' });
 */
export function magentoCsvConnector(options: MagentoCsvOptions): CatalogConnector {
  const origin = options.storeUrl?.replace(/\/+$/, '');
  const calendar = storeCalendar(options.timeZone ?? 'UTC', 'magentoCsvConnector');
  return makeConnector('magento-csv', options.url, options, origin, async (http) => {
    const today = calendar((options.now ?? Date.now)());
    const rows = readTable(await http.readSource(options.url), options.url).filter((row) => text(row.store_view_code) === undefined);
    const bySku = new Map<string, Loose>();
    for (const row of rows) {
      const sku = text(row.sku);
      if (sku !== undefined) bySku.set(sku, row);
    }
    const children = new Set<string>();
    for (const row of rows) for (const variation of variations(row)) children.add(variation.sku);
    const products: RawProduct[] = [];
    let disabled = 0;
    for (const row of rows) {
      const sku = text(row.sku) ?? '';
      if (children.has(sku)) continue;
      // product_online 2 is "Disabled": not on the storefront, so not an entry of the catalog.
      if (text(row.product_online) === '2') {
        disabled += 1;
        continue;
      }
      // Simple products sold only inside another are not products a shopper can open.
      if (text(row.visibility) === 'Not Visible Individually') continue;
      products.push(magentoRow(row, bySku, origin, today));
    }
    return { products, ...(disabled > 0 && { warnings: [`${disabled} disabled products skipped`] }) };
  });
}

interface Variation {
  sku: string;
  options: Record<string, string>;
}

function variations(row: Loose): Variation[] {
  const out: Variation[] = [];
  for (const entry of parts(row.configurable_variations, '|')) {
    const pairs = keyValues(entry, ',');
    const sku = pairs.sku;
    if (sku === undefined) continue;
    delete pairs.sku;
    out.push({ sku, options: pairs });
  }
  return out;
}

function keyValues(value: unknown, separator: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of parts(value, separator)) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

function image(path: unknown, origin: string | undefined, alt?: unknown) {
  const value = text(path);
  if (value === undefined) return undefined;
  return { url: /^https?:/i.test(value) || origin === undefined ? value : `${origin}/media/catalog/product/${value.replace(/^\/+/, '')}`, alt };
}

function rowVariant(row: Loose, today: string, origin: string | undefined, options: Record<string, string>, labels: Record<string, string>): RawVariant {
  const optionList = Object.entries(options).map(([code, value]) => ({ name: labels[code] ?? code, value }));
  const picture = image(row.base_image, origin, row.base_image_label);
  return {
    id: row.sku,
    sku: row.sku,
    title: optionList.map((o) => o.value).join(' / '),
    options: optionList,
    ...specialPriced({ regular: row.price, special: row.special_price, from: row.special_price_from_date, to: row.special_price_to_date }, today),
    available: text(row.is_in_stock) !== '0' && text(row.product_online) !== '2',
    ...(picture && { image: picture }),
  };
}

function magentoRow(row: Loose, bySku: ReadonlyMap<string, Loose>, origin: string | undefined, today: string): RawProduct {
  const labels = keyValues(row.configurable_variation_labels, ',');
  const own = variations(row);
  const variants = own.length === 0
    ? [rowVariant(row, today, origin, {}, labels)]
    // A child missing from the file still names its options; without its row it has no price and is reported.
    : own.map((v) => rowVariant(bySku.get(v.sku) ?? { sku: v.sku }, today, origin, v.options, labels));
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(keyValues(row.additional_attributes, ','))) {
    if (!['has_options', 'required_options'].includes(name)) attributes[name] = value.replace(/\|/g, ', ');
  }
  for (const [name, value] of Object.entries(row)) {
    // Columns beyond the import format (the sample-data files' `material`, `activity`...) are attributes.
    const found = text(value);
    if (!STANDARD_COLUMNS.has(name) && found !== undefined) attributes[name] = found.replace(/\s*[\n|]\s*/g, ', ');
  }
  const categories = new Set<string>();
  // Import paths start at the root category ("Default Category/Men/Tops"): it names no shelf.
  for (const path of parts(row.categories, ',')) {
    for (const name of path.split('/').slice(1)) if (name.trim() !== '') categories.add(name.trim());
  }
  for (const name of parts(row.category, /[\n,]/)) categories.add(name);
  const urlKey = text(row.url_key) ?? slug(text(row.name) ?? '');
  const images = [image(row.base_image, origin, row.base_image_label), ...parts(row.additional_images, ',').map((p) => image(p, origin))];
  return {
    id: row.sku,
    handle: urlKey,
    title: row.name,
    description: text(row.description) ?? row.short_description,
    categories: [...categories],
    images: images.filter((i) => i !== undefined),
    variants,
    // Magento makes a missing url_key from the name on import, the same way.
    url: urlKey === '' || origin === undefined ? undefined : `${origin}/${urlKey}.html`,
    attributes,
    productType: [row.attribute_set_code, row.attribute_set].map((set) => text(set)).find((set) => set !== undefined && set !== 'Default'),
  };
}

const STANDARD_COLUMNS = new Set(`sku store_view_code attribute_set_code attribute_set product_type categories category product_websites name
description short_description weight product_online tax_class_name visibility price special_price special_price_from_date
special_price_to_date url_key meta_title meta_keywords meta_description base_image base_image_label small_image small_image_label
thumbnail_image thumbnail_image_label swatch_image swatch_image_label created_at updated_at new_from_date new_to_date
display_product_options_in map_price msrp_price map_enabled gift_message_available custom_design custom_design_from custom_design_to
custom_layout_update page_layout product_options_container msrp_display_actual_price_type country_of_manufacture additional_attributes
qty out_of_stock_qty use_config_min_qty is_qty_decimal allow_backorders use_config_backorders min_cart_qty use_config_min_sale_qty
max_cart_qty use_config_max_sale_qty is_in_stock notify_on_stock_below use_config_notify_stock_qty manage_stock use_config_manage_stock
use_config_qty_increments qty_increments use_config_enable_qty_inc enable_qty_increments is_decimal_divided website_id
configurable_variations configurable_variation_prices configurable_variation_labels additional_images additional_image_labels
hide_from_product_page related_skus crosssell_skus upsell_skus bundle_price_type bundle_sku_type bundle_price_view bundle_weight_type
bundle_values associated_skus`.split(/\s+/));

function slug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
