import { describe, expect, it } from 'vitest';
import type { Block, ChatContext, ChatMessage, ProductsBlock } from '../../../src/protocol';
import { catalogResponder, parseFaq, readCatalogDocument, type Catalog, type CatalogResponderOptions, type RespondContext } from '../../../src/server';
import { message, serverHarness } from '../helpers';

/** A small store with real variants: colours and capacities priced and pictured per variant. */
function store(currency = 'USD', version = 'v1'): Catalog {
  const variant = (id: string, colour: string, capacity: string, price: number, available = true) => ({
    id, title: `${colour} / ${capacity}`, options: [{ name: 'Color', value: colour }, { name: 'Capacity', value: capacity }], price, available,
    image: { url: `img/${id}.jpg` },
  });
  const doc = {
    currency,
    items: [
      {
        id: 't1', title: 'Quencher Tumbler', productType: 'Tumbler', categories: ['Drinkware'], tags: ['insulated'], description: 'Keeps drinks cold.',
        url: 'products/quencher', images: [{ url: 'img/t1.jpg' }],
        variants: [variant('t1-b30', 'Black', '30 oz', 35), variant('t1-r30', 'Red', '30 oz', 35), variant('t1-r40', 'Red', '40 oz', 45), variant('t1-b40', 'Black', '40 oz', 45, false)],
      },
      {
        id: 's1', title: 'Aviator Sunglasses', productType: 'Sunglasses', categories: ['Eyewear'], tags: ['polarized'], description: 'Metal aviators.',
        url: 'products/aviator', images: [{ url: 'img/s1.jpg' }], variants: [variant('s1-g', 'Gold', 'One size', 129)],
      },
      {
        id: 's2', title: 'Wayfarer Sunglasses', productType: 'Sunglasses', categories: ['Eyewear'], tags: ['uv400'], description: 'Acetate frames.',
        url: 'products/wayfarer', images: [{ url: 'img/s2.jpg' }], variants: [variant('s2-b', 'Black', 'One size', 89)],
      },
      {
        id: 'h1', title: 'Cloud Hoodie', productType: 'Hoodie', categories: ['Apparel'], tags: ['fleece'], description: 'Brushed fleece. Pairs well with our sunglasses.',
        url: 'products/hoodie', images: [{ url: 'img/h1.jpg' }],
        variants: ['S', 'M', 'L', 'XL'].map((size, i) => ({ id: `h1-${size}`, title: size, options: [{ name: 'Size', value: size }], price: 60 + i * 5, available: true })),
      },
    ],
  };
  return { ...readCatalogDocument(doc, { baseUrl: 'https://shop.example/', source: 'test', now: 0 }), version };
}

const FAQ = parseFaq('## What is your return policy?\nReturns are free within 30 days.\n\n## How long does shipping take?\nThree to five business days.');

async function ask(text: string, options: CatalogResponderOptions = {}, context: ChatContext = {}) {
  const respond = catalogResponder({ wordDelayMs: 0, catalog: store(), faq: FAQ, ...options });
  const msg: ChatMessage = { id: 'm1', sessionId: 's1', text, sentAt: 0 };
  const ctx: RespondContext = { sessionId: 's1', context, signal: new AbortController().signal, history: [] };
  let said = '';
  const blocks: Block[] = [];
  for await (const piece of respond(msg, ctx) as AsyncIterable<string | Block>) {
    if (typeof piece === 'string') said += piece;
    else blocks.push(piece);
  }
  const cards = blocks.find((b): b is ProductsBlock => b.type === 'products')?.items ?? [];
  return { said, cards, blocks };
}

describe('catalog answers', () => {
  it('answers a colour and a size with the matching variant: its id, price and image, URLs absolute', async () => {
    const { cards } = await ask('red tumbler 40 oz');
    expect(cards[0]).toMatchObject({
      id: 't1', variantId: 't1-r40', price: { amount: 45, currency: 'USD' }, available: true,
      url: 'https://shop.example/products/quencher', image: { url: 'https://shop.example/img/t1-r40.jpg' },
    });
    expect((await ask('30oz tumbler in black')).cards[0]).toMatchObject({ variantId: 't1-b30', price: { amount: 35 } });
    expect((await ask('hoodie in XL')).cards[0]).toMatchObject({ id: 'h1', variantId: 'h1-XL', price: { amount: 75 } });
  });

  it('keeps a price limit per variant: "red tumbler under $40" is the 30 oz', async () => {
    expect((await ask('red tumbler under $40')).cards.map((c) => c.variantId)).toEqual(['t1-r30']);
  });

  it('finds through typos and never shows unrelated products', async () => {
    expect((await ask('sunglases')).cards.map((c) => c.id).sort()).toEqual(['s1', 's2']);
    // The hoodie's description mentions sunglasses; it is not sunglasses.
    expect((await ask('sunglasses')).cards.map((c) => c.id)).not.toContain('h1');
    const none = await ask('quantum flux capacitor');
    expect(none.cards).toEqual([]);
    expect(none.said).toMatch(/\?/);
  });

  it('says "over your budget" with the cheapest pair for "sunglasses under 50"', async () => {
    const { said, cards } = await ask('sunglasses under 50');
    expect(cards.map((c) => c.id)).toEqual(['s2']);
    expect(said).toMatch(/over your budget/);
    expect(said).toMatch(/\$89\.00/);
  });

  it('says so when the asked colour does not exist, showing the same kind of product', async () => {
    const { said, cards } = await ask('purple sunglasses');
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.id.startsWith('s'))).toBe(true);
    expect(said).toMatch(/\bpurple\b/);
    expect(said).toMatch(/\?$/);
  });

  it('answers store questions from the policies, in any of the five languages, never with products', async () => {
    const asked = await ask('What is your return policy?');
    expect(asked.said).toBe('Returns are free within 30 days.');
    expect(asked.blocks).toEqual([]);
    expect((await ask('Combien de temps prend la livraison ?')).said).toBe('Three to five business days.');
    const unknown = await ask('do you take paypal?');
    expect(unknown.cards).toEqual([]);
    expect(unknown.said).toMatch(/customer service/);
    expect((await ask('what is your return policy?', { faq: [] })).cards).toEqual([]);
  });

  it('speaks the shopper\'s language and writes prices in the catalog currency', async () => {
    expect((await ask('sunglasses', {}, { locale: 'fr-FR' })).said).toMatch(/^J'ai trouvé 2 produits\. .* \d+,00\s\$US\.$/);
    expect((await ask('sunglasses', {}, { locale: 'de-DE' })).said).toMatch(/^Ich habe 2 Produkte gefunden\. .* \d+,00\s\$\.$/);
    expect((await ask('gafas sunglasses', {}, { locale: 'es' })).said).toMatch(/^He encontrado/);
    expect((await ask('sunglasses', {}, { locale: 'ar' })).said).toMatch(/^وجدت/);
    expect((await ask('sunglasses unter 100', { catalog: store('EUR') }, { locale: 'de-DE' })).said).toMatch(/unter 100,00\s€ gefunden\. .*89,00\s€\.$/);
    expect((await ask('sunglasses', {}, { locale: 'xx-bogus' })).said).toMatch(/^I found 2 products/);
  });

  it('answers from the current version of a live catalog', async () => {
    let current: Catalog | undefined;
    const respond = { catalog: () => current };
    expect((await ask('hoodie', respond)).cards).toEqual([]);
    current = store('USD', 'v1');
    expect((await ask('hoodie', respond)).cards.map((c) => c.id)).toEqual(['h1']);
    current = { ...store('USD', 'v2'), items: store().items.filter((i) => i.id !== 'h1') };
    expect((await ask('hoodie', respond)).cards).toEqual([]);
  });
});

describe('the chat server with the demo catalog', () => {
  const h = serverHarness();

  it('serves the images its cards point at, on its own origin', async () => {
    const { socket, sessionId, recorder } = await h.session();
    const m = message(sessionId, 'blue light glasses');
    await socket.emitWithAck('chat-message', m);
    const response = await recorder.responseTo(m.id);
    const card = response.blocks?.find((b): b is ProductsBlock => b.type === 'products')?.items[0];
    const origin = h.t!.url;
    expect(card?.url).toBe(`${origin}/products/clearview-blue-light-glasses`);
    expect(card?.image?.url).toBe(`${origin}/catalog-images/ew01.svg`);
    const image = await fetch(card!.image!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toMatch(/^<svg /);
    expect((await fetch(`${origin}/catalog-images/..%2Fdemo-catalog.json`)).status).toBe(404);
  });
});
