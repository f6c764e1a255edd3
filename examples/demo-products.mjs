// The demo catalog as the stand-in stores list it: one flat record per product (its single
// variant's id, price and availability; the image's file name; the page path on the store), read
// from the same data file the chat server answers from, so the stores and the chat agree on ids.
import { loadDemoCatalog } from '../dist/server/index.js';

export const DEMO_PRODUCTS = loadDemoCatalog({ publicUrl: 'http://localhost/' }).items.map((item) => {
  const variant = item.variants[0];
  return Object.freeze({
    id: item.id,
    handle: item.handle,
    title: item.title,
    description: item.description,
    category: item.categories[0].toLowerCase(),
    productType: item.productType,
    tags: item.tags,
    suits: item.suits,
    price: variant.price,
    variantId: variant.id,
    available: variant.available,
    image: new URL(item.images[0].url).pathname.split('/').pop(),
    url: new URL(item.url).pathname,
  });
});
