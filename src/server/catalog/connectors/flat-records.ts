import type { RawImage, RawProduct, RawVariant } from './raw.js';
import { firstText, list, parts, record, text, type Loose } from './values.js';

/**
 * The one field mapping for feeds of flat records: Google Merchant Center (XML and TSV), generic
 * CSV and JSON files. Names are matched case-insensitively, with a `g:` prefix, spaces and dashes
 * ignored (`image link`, `g:image_link` and `Image-Link` are one field). The README's table lists
 * them; in short:
 *
 *   id | sku | product_id          product (or variant) id          title | name
 *   item_group_id | group_id | parent_id   rows sharing it are variants of one product
 *   description | body_html | body   link | url | product_url      image_link | image | image_url
 *   additional_image_link | additional_images | images (comma-separated or repeated)
 *   price, sale_price (then price is the "was" price), compare_at_price, currency
 *   availability | available | in_stock   brand | vendor   product_type | type
 *   categories | category | google_product_category ("A > B")   tags, custom_label_0..4
 *   color | colour | size | option_<name>  variant options      anything else: an attribute
 *
 * JSON records may also nest `variants: [...]`, `images: [...]` (URLs or `{ url, alt }`),
 * `price: { amount, currency }` and `options: [{ name, value }]`, which is the catalog model's
 * own shape, so a catalog written by this project reads back as it was.
 */
export function flatProducts(records: readonly Loose[]): RawProduct[] {
  const groups = new Map<string, Loose[]>();
  const products: (RawProduct | string)[] = [];
  for (const raw of records) {
    const fields = normalizeNames(raw);
    const group = firstText(fields.item_group_id, fields.group_id, fields.parent_id);
    if (group === undefined) products.push(product([fields], undefined));
    else {
      let members = groups.get(group);
      if (!members) {
        members = [];
        groups.set(group, members);
        products.push(group);
      }
      members.push(fields);
    }
  }
  return products.map((entry) => (typeof entry === 'string' ? product(groups.get(entry) ?? [], entry) : entry));
}

const KNOWN = new Set([
  'id', 'sku', 'product_id', 'item_group_id', 'group_id', 'parent_id', 'title', 'name', 'description', 'body_html', 'body',
  'link', 'url', 'product_url', 'image_link', 'image', 'image_url', 'additional_image_link', 'additional_images', 'images',
  'price', 'sale_price', 'compare_at_price', 'compareatprice', 'currency', 'availability', 'available', 'in_stock',
  'brand', 'vendor', 'product_type', 'producttype', 'type', 'categories', 'category', 'google_product_category', 'tags',
  'color', 'colour', 'size', 'variants', 'options', 'handle', 'attributes', 'suits', 'variant_title',
  'custom_label_0', 'custom_label_1', 'custom_label_2', 'custom_label_3', 'custom_label_4', 'shipping', 'tax',
]);

function normalizeNames(raw: Loose): Loose {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = key.trim().toLowerCase().replace(/^g:/, '').replace(/[\s-]+/g, '_');
    // Repeated fields (additional_image_link in XML) arrive as arrays; keep the first name's value if both forms appear.
    out[name] = out[name] === undefined ? value : [...list(out[name]), ...list(value)];
  }
  return out;
}

function product(members: readonly Loose[], group: string | undefined): RawProduct {
  const head = members[0] ?? {};
  const nested = list(head.variants).map((v) => normalizeNames(record(v) ?? {}));
  const variantRecords = nested.length > 0 ? nested : members;
  const categories = [...parts(head.categories, /\s*[>|]\s*/), ...parts(head.category, /\s*[>|]\s*/)];
  const typePath = parts(firstText(head.product_type, head.producttype, head.type), /\s*>\s*/);
  const attributes: Record<string, unknown> = { ...record(head.attributes) };
  const googleCategory = firstText(head.google_product_category);
  if (googleCategory !== undefined) attributes.google_product_category = googleCategory;
  for (const [name, value] of Object.entries(head)) {
    if (!KNOWN.has(name) && !name.startsWith('option_') && (typeof value === 'string' || typeof value === 'number')) attributes[name] = value;
  }
  const images = members.flatMap((m) => images_(m));
  return {
    id: group ?? firstText(head.id, head.product_id, head.sku),
    handle: head.handle,
    title: firstText(head.title, head.name),
    description: firstText(head.description, head.body_html, head.body),
    vendor: firstText(head.brand, head.vendor),
    productType: typePath[typePath.length - 1],
    categories: [...typePath.slice(0, -1), ...categories],
    tags: [...parts(head.tags), ...['custom_label_0', 'custom_label_1', 'custom_label_2', 'custom_label_3', 'custom_label_4'].flatMap((k) => parts(head[k]))],
    images,
    variants: variantRecords.map((v) => variant(v, head, nested.length > 0)),
    url: firstText(head.link, head.url, head.product_url),
    attributes,
    suits: parts(head.suits),
  };
}

function images_(fields: Loose): RawImage[] {
  const out: RawImage[] = [];
  for (const value of [fields.image_link, fields.image, fields.image_url, fields.additional_image_link, fields.additional_images, fields.images]) {
    for (const entry of list(value)) {
      const image = record(entry);
      if (image) out.push({ url: image.url ?? image.src, alt: image.alt });
      // Lists are comma-separated, but a comma inside one URL (data:, query strings) is not a separator.
      else for (const url of parts(entry, /,(?=\s*(?:[a-z][a-z0-9+.-]*:|\/))/i)) out.push({ url });
    }
  }
  return out;
}

function variant(fields: Loose, product: Loose, nested: boolean): RawVariant {
  const price = record(fields.price);
  const sale = firstText(fields.sale_price);
  const options: { name: unknown; value: unknown }[] = list(fields.options).map((o) => ({ name: record(o)?.name, value: record(o)?.value }));
  const color = firstText(fields.color, fields.colour);
  if (color !== undefined) options.push({ name: 'Color', value: color });
  const size = firstText(fields.size);
  if (size !== undefined) options.push({ name: 'Size', value: size });
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('option_')) options.push({ name: name.slice(7).replace(/_/g, ' '), value });
  }
  const firstImage = images_(fields)[0];
  const availability = fields.availability ?? fields.available ?? fields.in_stock ?? product.availability ?? product.available;
  return {
    id: firstText(fields.id, fields.sku, fields.product_id),
    sku: firstText(fields.sku),
    // A nested variant's title is its own; a feed row's title is the product's.
    title: firstText(fields.variant_title, nested ? fields.title : undefined) ?? options.map((o) => text(o.value)).filter(Boolean).join(' / '),
    options,
    // A sale price makes the regular price the "was" price.
    price: price ? price.amount : sale ?? fields.price,
    compareAtPrice: sale !== undefined ? fields.price : record(fields.compare_at_price)?.amount ?? record(fields.compareatprice)?.amount ?? fields.compare_at_price ?? fields.compareatprice,
    currency: price?.currency ?? fields.currency ?? product.currency,
    available: availability,
    ...(firstImage && { image: firstImage }),
  };
}
