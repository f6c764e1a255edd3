import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Money } from '../../protocol/index.js';

export type CatalogCategory = 'eyewear' | 'beauty' | 'apparel';

export interface CatalogProduct {
  id: string;
  handle: string;
  title: string;
  description: string;
  category: CatalogCategory;
  /** What a shopper would call it: 'sunglasses', 'lipstick', 'running shoes'. */
  productType: string;
  tags: readonly string[];
  /** Face shapes (eyewear) or skin tones (beauty) the product flatters. */
  suits: readonly string[];
  color: { name: string; hex: string };
  price: Money;
  /** Numeric string, as Shopify variant ids are. */
  variantId: string;
  available: boolean;
  /** File name inside `DEMO_IMAGES_DIR`. */
  image: string;
  url: string;
}

/**
 * The demo product images, with a trailing separator. From source this is
 * `src/server/catalog/images/`; the build copies them next to the bundled server, where the same
 * expression finds them. Built from a path rather than `new URL('./images/', import.meta.url)`,
 * which Vite rewrites into an http asset URL when the server is imported in a browser-like test.
 */
export const DEMO_IMAGES_DIR: string = join(dirname(fileURLToPath(import.meta.url)), 'images') + sep;

interface Spec {
  id: string;
  title: string;
  type: string;
  price: number;
  color: [name: string, hex: string];
  tags: string[];
  suits?: string[];
  description: string;
  available?: boolean;
}

function define(category: CatalogCategory, specs: Spec[], firstVariant: number): CatalogProduct[] {
  return specs.map((spec, i) => {
    const handle = spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return Object.freeze({
      id: spec.id,
      handle,
      title: spec.title,
      description: spec.description,
      category,
      productType: spec.type,
      tags: Object.freeze([...spec.tags]),
      suits: Object.freeze([...(spec.suits ?? [])]),
      color: Object.freeze({ name: spec.color[0], hex: spec.color[1] }),
      price: Object.freeze({ amount: spec.price, currency: 'USD' }),
      variantId: String(firstVariant + i),
      available: spec.available ?? true,
      image: `${spec.id}.svg`,
      url: `/products/${handle}`,
    });
  });
}

const SKIN = { veryLight: 'very-light', light: 'light', intermediate: 'intermediate', tan: 'tan', brown: 'brown', dark: 'dark' } as const;

const EYEWEAR: Spec[] = [
  { id: 'ew01', title: 'Clearview Blue Light Glasses', type: 'glasses', price: 59, color: ['clear', '#9ec9e6'], tags: ['blue-light', 'computer', 'screen', 'round', 'unisex'], suits: ['square', 'oval', 'diamond'], description: 'Round acetate frames with lenses that filter blue light from screens. Light enough for long workdays.' },
  { id: 'ew02', title: 'ScreenGuard Blue Light Glasses', type: 'glasses', price: 65, color: ['black', '#222222'], tags: ['blue-light', 'computer', 'gaming', 'rectangle', 'black'], suits: ['round', 'oval', 'heart'], description: 'Rectangular black frames with anti-glare, blue light filtering lenses for gaming and office screens.' },
  { id: 'ew03', title: 'Night Owl Blue Light Readers', type: 'reading glasses', price: 45, color: ['tortoise', '#8a5a2b'], tags: ['blue-light', 'reading', 'readers', 'tortoiseshell'], suits: ['square', 'oblong'], description: 'Tortoiseshell reading glasses (+1.5) with a blue light filter for late-night reading on tablets.' },
  { id: 'ew04', title: 'Pixel Kids Blue Light Glasses', type: 'glasses', price: 35, color: ['mint', '#5fd3b3'], tags: ['blue-light', 'kids', 'flexible', 'screen'], suits: ['round', 'oval'], description: 'Bendable, unbreakable frames that cut screen blue light for children aged 4 to 10.', available: false },
  { id: 'ew05', title: 'Aviator Polarized Sunglasses', type: 'sunglasses', price: 129, color: ['gold', '#c9a227'], tags: ['aviator', 'polarized', 'metal', 'uv400', 'gold'], suits: ['square', 'oval', 'heart'], description: 'Classic gold metal aviators with polarized green lenses and full UV400 protection.' },
  { id: 'ew06', title: 'Coastal Wayfarer Sunglasses', type: 'sunglasses', price: 99, color: ['black', '#1d1d1d'], tags: ['wayfarer', 'uv400', 'black', 'acetate'], suits: ['round', 'oval', 'oblong'], description: 'Bold black wayfarers in acetate with grey UV400 lenses, a summer staple.' },
  { id: 'ew07', title: 'Riviera Cat-Eye Sunglasses', type: 'sunglasses', price: 89, color: ['red', '#c0392b'], tags: ['cat-eye', 'red', 'uv400', 'women'], suits: ['heart', 'diamond', 'square'], description: 'Red cat-eye sunglasses with swept-up corners and gradient brown lenses.' },
  { id: 'ew08', title: 'Trail Sport Wrap Sunglasses', type: 'sunglasses', price: 75, color: ['blue', '#2266cc'], tags: ['sport', 'running', 'cycling', 'wrap', 'polarized', 'blue'], suits: ['oval', 'oblong'], description: 'Lightweight wraparound sport sunglasses with blue mirrored polarized lenses that stay put on a run.' },
  { id: 'ew09', title: 'Harlow Round Frames', type: 'frames', price: 110, color: ['gold', '#b8912f'], tags: ['round', 'optical', 'prescription', 'metal', 'eyeglasses'], suits: ['square', 'heart', 'diamond', 'oblong'], description: 'Thin round metal frames, ready for your prescription lenses; they soften angular faces.' },
  { id: 'ew10', title: 'Mercer Square Frames', type: 'frames', price: 120, color: ['black', '#2b2b2b'], tags: ['square', 'optical', 'prescription', 'acetate', 'eyeglasses'], suits: ['round', 'oval'], description: 'Strong square acetate frames that add definition to round and oval faces.' },
  { id: 'ew11', title: 'Lumen Oval Wire Frames', type: 'frames', price: 95, color: ['silver', '#a7adb5'], tags: ['oval', 'optical', 'prescription', 'wire', 'eyeglasses'], suits: ['square', 'diamond', 'heart'], description: 'Minimal silver oval wire frames that balance strong jawlines.' },
  { id: 'ew12', title: 'Brooklyn Browline Frames', type: 'frames', price: 135, color: ['tortoise', '#6b4423'], tags: ['browline', 'optical', 'prescription', 'retro', 'eyeglasses'], suits: ['oval', 'heart', 'oblong', 'diamond'], description: 'Retro browline frames with a tortoiseshell brow and metal rims.' },
];

const BEAUTY: Spec[] = [
  { id: 'bt01', title: 'Silk Veil Foundation - Porcelain', type: 'foundation', price: 38, color: ['porcelain', '#f3d9c6'], tags: ['foundation', 'shade', 'porcelain', 'satin'], suits: [SKIN.veryLight, SKIN.light], description: 'Medium coverage satin foundation in Porcelain, a cool shade for very light and light skin.' },
  { id: 'bt02', title: 'Silk Veil Foundation - Sand', type: 'foundation', price: 38, color: ['sand', '#e2b994'], tags: ['foundation', 'shade', 'sand', 'satin'], suits: [SKIN.light, SKIN.intermediate], description: 'Medium coverage satin foundation in Sand, a neutral shade for light to intermediate skin.' },
  { id: 'bt03', title: 'Silk Veil Foundation - Honey', type: 'foundation', price: 38, color: ['honey', '#c68e5c'], tags: ['foundation', 'shade', 'honey', 'satin', 'warm'], suits: [SKIN.intermediate, SKIN.tan], description: 'Medium coverage satin foundation in Honey, a warm golden shade for intermediate and tan skin.' },
  { id: 'bt04', title: 'Silk Veil Foundation - Espresso', type: 'foundation', price: 38, color: ['espresso', '#5b3a26'], tags: ['foundation', 'shade', 'espresso', 'satin', 'deep'], suits: [SKIN.brown, SKIN.dark], description: 'Medium coverage satin foundation in Espresso, a deep shade with red undertones for brown and dark skin.' },
  { id: 'bt05', title: 'Second Skin Concealer - Ivory', type: 'concealer', price: 24, color: ['ivory', '#f1dcc5'], tags: ['concealer', 'shade', 'ivory', 'under-eye'], suits: [SKIN.veryLight, SKIN.light], description: 'Creamy full coverage concealer in Ivory for dark circles on very light and light skin.' },
  { id: 'bt06', title: 'Second Skin Concealer - Beige', type: 'concealer', price: 24, color: ['beige', '#d6ad87'], tags: ['concealer', 'shade', 'beige', 'under-eye'], suits: [SKIN.intermediate], description: 'Creamy full coverage concealer in Beige for intermediate skin.' },
  { id: 'bt07', title: 'Second Skin Concealer - Caramel', type: 'concealer', price: 24, color: ['caramel', '#a86d42'], tags: ['concealer', 'shade', 'caramel', 'under-eye'], suits: [SKIN.tan, SKIN.brown], description: 'Creamy full coverage concealer in Caramel for tan and brown skin.' },
  { id: 'bt08', title: 'Second Skin Concealer - Ebony', type: 'concealer', price: 24, color: ['ebony', '#4a2e1f'], tags: ['concealer', 'shade', 'ebony', 'under-eye', 'deep'], suits: [SKIN.dark], description: 'Creamy full coverage concealer in Ebony for dark skin.', available: false },
  { id: 'bt09', title: 'Velvet Matte Lipstick - Ruby Red', type: 'lipstick', price: 22, color: ['red', '#b3122e'], tags: ['lipstick', 'matte', 'red', 'long-wear'], suits: [SKIN.veryLight, SKIN.light, SKIN.intermediate, SKIN.tan, SKIN.brown, SKIN.dark], description: 'A true blue-based red matte lipstick that flatters every skin tone and lasts eight hours.' },
  { id: 'bt10', title: 'Velvet Matte Lipstick - Nude Rose', type: 'lipstick', price: 22, color: ['nude', '#c98b86'], tags: ['lipstick', 'matte', 'nude', 'pink'], suits: [SKIN.light, SKIN.intermediate], description: 'A soft rosy nude matte lipstick for light and intermediate skin.' },
  { id: 'bt11', title: 'Satin Lipstick - Deep Berry', type: 'lipstick', price: 24, color: ['berry', '#6d1f3f'], tags: ['lipstick', 'satin', 'berry', 'plum'], suits: [SKIN.tan, SKIN.brown, SKIN.dark], description: 'A rich berry satin lipstick that glows on tan, brown and dark skin.' },
  { id: 'bt12', title: 'Hydra Gloss Lip Tint - Coral', type: 'lip tint', price: 18, color: ['coral', '#f26b5b'], tags: ['lip', 'gloss', 'tint', 'coral', 'hydrating'], suits: [SKIN.veryLight, SKIN.light, SKIN.intermediate, SKIN.tan], description: 'A sheer hydrating coral lip tint with a glossy finish.' },
];

const APPAREL: Spec[] = [
  { id: 'ap01', title: 'Velocity Red Running Shoes', type: 'running shoes', price: 89, color: ['red', '#d7263d'], tags: ['running', 'shoes', 'sneakers', 'red', 'road', 'men', 'women'], description: 'Light, cushioned red road running shoes with a breathable mesh upper.' },
  { id: 'ap02', title: 'Sprint Lite Running Shoes - Crimson', type: 'running shoes', price: 95, color: ['red', '#a4161a'], tags: ['running', 'shoes', 'sneakers', 'red', 'crimson', 'racing'], description: 'Featherweight crimson racing flats for fast days and 5K races.' },
  { id: 'ap03', title: 'Marathon Pro Running Shoes - Red', type: 'running shoes', price: 149, color: ['red', '#e63946'], tags: ['running', 'shoes', 'sneakers', 'red', 'carbon', 'marathon'], description: 'Carbon-plated red marathon racers with maximum energy return.' },
  { id: 'ap04', title: 'Trailblazer Trail Running Shoes', type: 'running shoes', price: 119, color: ['blue', '#1d4e89'], tags: ['running', 'shoes', 'trail', 'waterproof', 'blue'], description: 'Grippy waterproof trail running shoes in navy blue for muddy paths.' },
  { id: 'ap05', title: 'Everyday Canvas Sneakers', type: 'sneakers', price: 55, color: ['white', '#f4f4f4'], tags: ['sneakers', 'shoes', 'canvas', 'casual', 'white'], description: 'Clean white canvas low-tops that go with everything.' },
  { id: 'ap06', title: 'Storm Shell Rain Jacket', type: 'jacket', price: 149, color: ['yellow', '#f2c200'], tags: ['jacket', 'rain', 'waterproof', 'outdoor', 'yellow'], description: 'Packable waterproof rain jacket in bright yellow with taped seams and a hood.' },
  { id: 'ap07', title: 'Summit Down Jacket', type: 'jacket', price: 189, color: ['black', '#1b1b1b'], tags: ['jacket', 'down', 'winter', 'warm', 'black', 'puffer'], description: 'Warm 700-fill black down puffer jacket for cold winters.', available: false },
  { id: 'ap08', title: 'Denim Trucker Jacket', type: 'jacket', price: 98, color: ['blue', '#3b5b92'], tags: ['jacket', 'denim', 'casual', 'blue'], description: 'A classic mid-blue denim trucker jacket that softens with every wear.' },
  { id: 'ap09', title: 'Essential Cotton T-Shirt', type: 't-shirt', price: 22, color: ['white', '#fafafa'], tags: ['t-shirt', 'tee', 'cotton', 'basic', 'white'], description: 'A heavyweight white cotton crew-neck t-shirt.' },
  { id: 'ap10', title: 'Organic Crew T-Shirt - Red', type: 't-shirt', price: 28, color: ['red', '#c1121f'], tags: ['t-shirt', 'tee', 'organic', 'cotton', 'red'], description: 'A soft organic cotton crew-neck t-shirt in brick red.' },
  { id: 'ap11', title: 'Mountain Graphic Tee', type: 't-shirt', price: 30, color: ['green', '#2d6a4f'], tags: ['t-shirt', 'tee', 'graphic', 'green', 'outdoor'], description: 'A forest green t-shirt with a hand-drawn mountain print.' },
  { id: 'ap12', title: 'Merino Running T-Shirt', type: 't-shirt', price: 45, color: ['grey', '#8d99ae'], tags: ['t-shirt', 'tee', 'running', 'merino', 'grey', 'sport'], description: 'A breathable grey merino wool t-shirt for running that resists odour.' },
];

/** A demo store: 12 products each of eyewear, beauty and apparel. */
export const DEMO_CATALOG: readonly CatalogProduct[] = Object.freeze([
  ...define('eyewear', EYEWEAR, 44_012_345_670_001),
  ...define('beauty', BEAUTY, 44_012_345_680_001),
  ...define('apparel', APPAREL, 44_012_345_690_001),
]);
