import type { FaceAttributes } from '../../protocol/index.js';
import type { CatalogItem } from './model.js';

/** Catalog items chosen for the attributes of a face analysis. */
export interface FaceFit {
  /** Items whose `suits` include the face shape (frames, sunglasses); empty without a shape. */
  frames: CatalogItem[];
  /** Items whose `suits` include the skin tone band (shades); empty without a tone. */
  shades: CatalogItem[];
}

const inStock = (item: CatalogItem) => item.variants.some((v) => v.available);

/**
 * Picks items by face shape and by skin tone band through their `suits`, at most `max` of each.
 * Face shapes (round, oval...) and tone bands (light, tan...) are different words, so one list
 * serves both without knowing the store's categories. In stock comes first, then the items made
 * for fewer shapes or tones: a foundation made for tan skin says more to a tan shopper than a
 * lipstick said to suit everyone. Pure: the same input, the same order.
 */
export function fitForFace(items: readonly CatalogItem[], face: FaceAttributes, max: number): FaceFit {
  const pick = (trait: string | undefined): CatalogItem[] => {
    if (trait === undefined) return [];
    const fitting = items.filter((item) => item.suits.includes(trait));
    // Array.prototype.sort is stable, so ties keep catalog order.
    return fitting.sort((a, b) => Number(inStock(b)) - Number(inStock(a)) || a.suits.length - b.suits.length).slice(0, max);
  };
  return { frames: pick(face.faceShape), shades: pick(face.skinTone?.band) };
}
