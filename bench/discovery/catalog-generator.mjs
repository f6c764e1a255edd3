// A deterministic synthetic store for measuring discovery: products over many types and
// departments, with brands, colour / size / capacity variants priced per variant, stock, tags and
// descriptions that mention other products (as real copy does: "pairs well with our socks"). Each
// item keeps its ground truth (`truth`), from which the labelled questions are graded by rule
// (bench/discovery/queries.mjs), never from any engine's output.

/** Small seeded PRNG (mulberry32): the same seed, the same store. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const some = (rand, list, min, max) => {
  const n = min + Math.floor(rand() * (max - min + 1));
  const pool = [...list];
  const out = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return out;
};

export const COLOURS = ['black', 'white', 'red', 'blue', 'navy', 'green', 'olive', 'grey', 'pink', 'yellow', 'orange', 'purple', 'brown', 'beige', 'teal', 'cream'];
const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOE_SIZES = ['6', '7', '8', '9', '10', '11', '12'];

/**
 * Product types: singular and plural names as shoppers say them, department, price band, variant
 * dimensions (`size` values, or `capacity` values with their unit), adjectives, features.
 */
export const TYPES = [
  { type: 'tumbler', plural: 'tumblers', dept: 'Drinkware', price: [18, 55], capacity: ['12 oz', '20 oz', '30 oz', '40 oz'], adjectives: ['Insulated', 'Quencher', 'Adventure', 'Classic'], features: ['insulated', 'dishwasher safe', 'leakproof lid', 'straw'] },
  { type: 'water bottle', plural: 'water bottles', dept: 'Drinkware', price: [14, 45], capacity: ['16 oz', '24 oz', '32 oz', '64 oz'], adjectives: ['Trail', 'Everyday', 'Sport', 'Flip Straw'], features: ['insulated', 'leakproof lid', 'bpa free', 'dishwasher safe'] },
  { type: 'mug', plural: 'mugs', dept: 'Drinkware', price: [9, 32], capacity: ['10 oz', '12 oz', '16 oz'], adjectives: ['Camp', 'Stoneware', 'Morning', 'Enamel'], features: ['dishwasher safe', 'microwave safe', 'handmade'] },
  { type: 'travel mug', plural: 'travel mugs', dept: 'Drinkware', price: [16, 40], capacity: ['12 oz', '16 oz', '20 oz'], adjectives: ['Commuter', 'Trigger', 'Switchback'], features: ['insulated', 'leakproof lid', 'one hand'] },
  { type: 'saucepan', plural: 'saucepans', dept: 'Cookware', price: [25, 120], capacity: ['1 qt', '2 qt', '3 qt'], adjectives: ['Tri-Ply', 'Nonstick', 'Copper Core'], features: ['induction ready', 'oven safe', 'nonstick', 'stainless steel'] },
  { type: 'stock pot', plural: 'stock pots', dept: 'Cookware', price: [40, 160], capacity: ['6 qt', '8 qt', '12 qt'], adjectives: ['Family', 'Heavy Duty', 'Tri-Ply'], features: ['induction ready', 'oven safe', 'stainless steel'] },
  { type: 'frying pan', plural: 'frying pans', dept: 'Cookware', price: [22, 140], size: ['8 inch', '10 inch', '12 inch'], adjectives: ['Cast Iron', 'Nonstick', 'Carbon Steel'], features: ['induction ready', 'oven safe', 'nonstick', 'pre-seasoned'] },
  { type: 'dutch oven', plural: 'dutch ovens', dept: 'Cookware', price: [60, 320], capacity: ['3 qt', '5 qt', '7 qt'], adjectives: ['Enameled', 'Cast Iron', 'Signature'], features: ['oven safe', 'enameled', 'induction ready'] },
  { type: 't-shirt', plural: 't-shirts', dept: 'Apparel', price: [15, 48], size: APPAREL_SIZES, adjectives: ['Organic', 'Everyday', 'Graphic', 'Merino', 'Pocket'], features: ['organic cotton', 'crew neck', 'v-neck', 'relaxed fit'] },
  { type: 'hoodie', plural: 'hoodies', dept: 'Apparel', price: [38, 110], size: APPAREL_SIZES, adjectives: ['Fleece', 'Zip', 'Heavyweight', 'Cloud'], features: ['brushed fleece', 'kangaroo pocket', 'organic cotton', 'zip front'] },
  { type: 'rain jacket', plural: 'rain jackets', dept: 'Apparel', price: [70, 260], size: APPAREL_SIZES, adjectives: ['Storm', 'Packable', 'Trail', 'Downpour'], features: ['waterproof', 'packable', 'hooded', 'taped seams'] },
  { type: 'fleece jacket', plural: 'fleece jackets', dept: 'Apparel', price: [45, 150], size: APPAREL_SIZES, adjectives: ['Polar', 'Summit', 'Sherpa'], features: ['recycled', 'warm', 'zip front'] },
  { type: 'leggings', plural: 'leggings', dept: 'Apparel', price: [28, 98], size: APPAREL_SIZES, adjectives: ['High Rise', 'Studio', 'Align', 'Run'], features: ['high waisted', 'pockets', 'squat proof', 'moisture wicking'] },
  { type: 'beanie', plural: 'beanies', dept: 'Accessories', price: [12, 45], adjectives: ['Ribbed', 'Cuffed', 'Merino', 'Pom'], features: ['wool', 'warm', 'recycled'] },
  { type: 'socks', plural: 'socks', dept: 'Apparel', price: [8, 28], size: ['S', 'M', 'L'], adjectives: ['Running', 'Hiking', 'Crew', 'Ankle'], features: ['merino wool', 'cushioned', 'moisture wicking'] },
  { type: 'running shoes', plural: 'running shoes', dept: 'Footwear', price: [60, 220], size: SHOE_SIZES, adjectives: ['Velocity', 'Cloud', 'Tempo', 'Trail', 'Marathon'], features: ['cushioned', 'lightweight', 'breathable', 'carbon plate'] },
  { type: 'hiking boots', plural: 'hiking boots', dept: 'Footwear', price: [90, 280], size: SHOE_SIZES, adjectives: ['Ridge', 'Alpine', 'Summit', 'Trek'], features: ['waterproof', 'leather', 'ankle support', 'vibram sole'] },
  { type: 'sandals', plural: 'sandals', dept: 'Footwear', price: [25, 120], size: SHOE_SIZES, adjectives: ['Slide', 'Strap', 'River', 'Cork'], features: ['adjustable straps', 'waterproof', 'cushioned'] },
  { type: 'sneakers', plural: 'sneakers', dept: 'Footwear', price: [45, 160], size: SHOE_SIZES, adjectives: ['Canvas', 'Court', 'Retro', 'Low Top'], features: ['canvas', 'leather', 'vegan'] },
  { type: 'sunglasses', plural: 'sunglasses', dept: 'Eyewear', price: [59, 240], adjectives: ['Aviator', 'Wayfarer', 'Cat-Eye', 'Sport Wrap', 'Round'], features: ['polarized', 'uv400', 'mirrored lenses', 'metal frame'] },
  { type: 'reading glasses', plural: 'reading glasses', dept: 'Eyewear', price: [20, 90], size: ['+1.0', '+1.5', '+2.0', '+2.5'], adjectives: ['Classic', 'Slim', 'Folding'], features: ['blue light filter', 'spring hinges', 'lightweight'] },
  { type: 'blue light glasses', plural: 'blue light glasses', dept: 'Eyewear', price: [30, 120], adjectives: ['Screen', 'Office', 'Gamer', 'Kids'], features: ['blue light filter', 'anti-glare', 'lightweight'] },
  { type: 'lipstick', plural: 'lipsticks', dept: 'Beauty', price: [12, 42], adjectives: ['Velvet Matte', 'Satin', 'Cream', 'Long Wear'], features: ['matte', 'long wear', 'vegan', 'hydrating'] },
  { type: 'foundation', plural: 'foundations', dept: 'Beauty', price: [18, 65], adjectives: ['Silk', 'Skin Tint', 'Full Coverage', 'Serum'], features: ['spf', 'oil free', 'full coverage', 'dewy finish'] },
  { type: 'mascara', plural: 'mascaras', dept: 'Beauty', price: [10, 34], adjectives: ['Volume', 'Lengthening', 'Waterproof'], features: ['waterproof', 'volumizing', 'vegan'] },
  { type: 'nail polish', plural: 'nail polishes', dept: 'Beauty', price: [7, 22], adjectives: ['Gel', 'Quick Dry', 'Classic'], features: ['quick dry', 'vegan', 'chip resistant'] },
  { type: 'backpack', plural: 'backpacks', dept: 'Bags', price: [40, 220], capacity: ['18 l', '24 l', '30 l'], adjectives: ['Commuter', 'Daypack', 'Roll Top', 'Travel'], features: ['laptop sleeve', 'waterproof', 'recycled', 'padded straps'] },
  { type: 'tote bag', plural: 'tote bags', dept: 'Bags', price: [18, 90], adjectives: ['Canvas', 'Market', 'Leather'], features: ['canvas', 'leather', 'zip pocket'] },
  { type: 'duffel bag', plural: 'duffel bags', dept: 'Bags', price: [55, 210], capacity: ['40 l', '60 l', '90 l'], adjectives: ['Weekender', 'Expedition', 'Gym'], features: ['waterproof', 'shoulder strap', 'recycled'] },
  { type: 'tent', plural: 'tents', dept: 'Outdoor', price: [120, 650], size: ['1 person', '2 person', '4 person'], adjectives: ['Backpacking', 'Dome', 'Ultralight'], features: ['waterproof', 'ultralight', 'freestanding'] },
  { type: 'sleeping bag', plural: 'sleeping bags', dept: 'Outdoor', price: [60, 380], adjectives: ['Down', 'Synthetic', 'Mummy'], features: ['down', 'warm', 'packable', 'ultralight'] },
  { type: 'headlamp', plural: 'headlamps', dept: 'Outdoor', price: [18, 90], adjectives: ['Trail', 'Rechargeable', 'Night'], features: ['rechargeable', 'waterproof', 'red light mode'] },
  { type: 'candle', plural: 'candles', dept: 'Home', price: [12, 58], adjectives: ['Soy', 'Cedar', 'Lavender', 'Vanilla'], features: ['soy wax', 'cotton wick', 'hand poured'] },
  { type: 'throw blanket', plural: 'throw blankets', dept: 'Home', price: [35, 160], adjectives: ['Knit', 'Wool', 'Sherpa', 'Waffle'], features: ['wool', 'organic cotton', 'machine washable'] },
];

export const BRANDS = ['Northwind', 'Harbor & Pine', 'Lumen', 'Fjell', 'Coastline', 'Ember', 'Kestrel', 'Meridian', 'Oakline', 'Solstice', 'Tidewater', 'Arroyo', 'Bramble', 'Cobalt Co', 'Driftwood'];
const NOUNS = ['Original', 'Pro', 'Lite', 'Essential', 'Signature', 'Everyday', 'Explorer', 'Heritage', 'Studio', 'Nomad'];

const title = (s) => s.replace(/\b\w/g, (c) => c.toUpperCase());

/**
 * `count` products, with stable ids. Returns `{ catalog, truths }` where `catalog` follows the
 * document shape `readCatalogDocument` reads (the model, URLs relative) and `truths[i]` is item i's
 * ground truth: type, department, brand, colours, sizes, features and per-variant prices.
 */
export function generateCatalog({ count, seed = 13 }) {
  const rand = random(seed);
  const items = [];
  const truths = [];
  for (let i = 0; i < count; i++) {
    const spec = TYPES[i % TYPES.length];
    const brand = pick(rand, BRANDS);
    const adjective = pick(rand, spec.adjectives);
    const noun = pick(rand, NOUNS);
    const colours = some(rand, COLOURS, 1, 4);
    const sizes = spec.size ? some(rand, spec.size, Math.min(2, spec.size.length), spec.size.length) : spec.capacity ? some(rand, spec.capacity, 1, spec.capacity.length) : [''];
    const features = some(rand, spec.features, 1, 2);
    const base = spec.price[0] + Math.round(rand() * (spec.price[1] - spec.price[0])) - 0.01;
    const soldOut = rand() < 0.08;
    const variants = [];
    const sizeName = spec.capacity ? 'Capacity' : 'Size';
    for (const colour of colours) {
      sizes.forEach((size, s) => {
        const options = [{ name: 'Color', value: title(colour) }];
        if (size) options.push({ name: sizeName, value: size });
        variants.push({
          id: `${i + 1}-${variants.length + 1}`,
          sku: `SKU-${i + 1}-${variants.length + 1}`,
          title: options.map((o) => o.value).join(' / '),
          options,
          price: Math.round((base + (spec.capacity ? s * base * 0.15 : 0)) * 100) / 100,
          available: !soldOut && rand() > 0.12,
          image: { url: `img/${i + 1}-${colour}.jpg`, alt: `${title(adjective)} ${spec.type} in ${colour}` },
        });
      });
    }
    const other = TYPES[(i * 7 + 3) % TYPES.length];
    const name = `${brand} ${adjective} ${noun} ${title(spec.type)}`;
    const description = [
      `The ${adjective.toLowerCase()} ${spec.type} from ${brand}, made to last.`,
      `Features: ${features.join(', ')}.`,
      `Available in ${colours.join(', ')}.`,
      rand() < 0.6 ? `Pairs well with our ${other.plural}.` : `A favourite for ${pick(rand, ['travel', 'everyday use', 'the weekend', 'gifting', 'the outdoors'])}.`,
    ].join(' ');
    items.push({
      id: String(100000 + i),
      handle: `${brand}-${adjective}-${noun}-${spec.type}-${i}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: name,
      description,
      vendor: brand,
      productType: title(spec.type),
      categories: [spec.dept],
      tags: features,
      variants,
      images: [{ url: `img/${i + 1}.jpg`, alt: name }],
      url: `products/${i + 1}`,
      attributes: {},
      suits: [],
    });
    truths.push({ type: spec.type, dept: spec.dept, brand, colours, sizes: sizes.filter(Boolean), features, variants: variants.map((v) => ({ colour: v.options[0].value.toLowerCase(), size: v.options[1]?.value ?? '', price: v.price, available: v.available })) });
  }
  return { catalog: { currency: 'USD', items }, truths };
}
