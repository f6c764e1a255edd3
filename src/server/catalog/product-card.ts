import type { ProductItem } from '../../protocol/index.js';
import type { CatalogItem, CatalogVariant } from './model.js';

/** The variant a card shows when no question picked one: the first in stock, else the first. */
export function defaultVariant(item: CatalogItem): CatalogVariant {
  return item.variants.find((v) => v.available) ?? item.variants[0]!;
}

/**
 * A product card for `item` showing `variant`: its id, price, availability and image (the
 * product's first image when the variant has none), with absolute URLs from the catalog.
 */
export function productCard(item: CatalogItem, variant: CatalogVariant = defaultVariant(item)): ProductItem {
  const card: ProductItem = {
    id: item.id,
    title: item.variants.length > 1 && variant.title !== '' ? `${item.title} (${variant.title})` : item.title,
    url: item.url,
    price: { amount: variant.price.amount, currency: variant.price.currency },
    variantId: variant.id,
    available: variant.available,
  };
  const image = variant.image ?? item.images[0];
  if (image !== undefined) card.image = { url: image.url, alt: image.alt ?? item.title };
  return card;
}
