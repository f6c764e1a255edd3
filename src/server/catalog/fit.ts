import type { FaceAttributes } from '../../protocol/index.js';
import type { CatalogProduct } from './products.js';

/** Catalog products chosen for the attributes of a face analysis. */
export interface FaceFit {
  /** Eyewear whose `suits` include the face shape; empty without a shape. */
  frames: CatalogProduct[];
  /** Beauty products whose `suits` include the skin tone band; empty without a tone. */
  shades: CatalogProduct[];
}

/**
 * Picks eyewear by face shape and beauty by skin tone band, at most `max` of each. In stock comes
 * first, then the products made for fewer shapes or tones: a foundation made for tan skin says more
 * to a tan shopper than a lipstick said to suit everyone. Pure: the same input, the same order.
 */
export function fitForFace(catalog: readonly CatalogProduct[], face: FaceAttributes, max: number): FaceFit {
  const pick = (category: CatalogProduct['category'], trait: string | undefined): CatalogProduct[] => {
    if (trait === undefined) return [];
    const fitting = catalog.filter((product) => product.category === category && product.suits.includes(trait));
    // Array.prototype.sort is stable, so ties keep catalog order.
    return fitting.sort((a, b) => Number(b.available) - Number(a.available) || a.suits.length - b.suits.length).slice(0, max);
  };
  return { frames: pick('eyewear', face.faceShape), shades: pick('beauty', face.skinTone?.band) };
}
