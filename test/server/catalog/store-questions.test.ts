import { describe, expect, it } from 'vitest';
import type { Block, ProductsBlock } from '../../../src/protocol';
import { CatalogSearch, catalogResponder, parseFaq, readCatalogDocument, type Catalog, type CatalogSearchResult, type RespondContext, type ShopperMessage } from '../../../src/server';

/** A store that sells shipping supplies, so shipping words are product words too. */
function store(): Catalog {
  const item = (id: string, title: string, productType: string, price: number) => ({
    id, title, productType, categories: [], tags: [], description: '', url: `products/${id}`, images: [],
    variants: [{ id: `${id}-1`, title: 'Default', options: [], price, available: true }],
  });
  const doc = {
    currency: 'USD',
    items: [
      item('b1', 'Kraft Shipping Box 12 x 9', 'Shipping Box', 4),
      item('b2', 'Double Wall Shipping Box 18 x 12', 'Shipping Box', 7),
      item('t1', 'Packing Tape', 'Tape', 3),
      item('s1', 'Aviator Sunglasses', 'Sunglasses', 129),
    ],
  };
  return { ...readCatalogDocument(doc, { baseUrl: 'https://shop.example/', source: 'test', now: 0 }), version: 'v1' };
}

const FAQ = parseFaq([
  '## What is your return policy?', 'Returns are free within 30 days.',
  '## Where do you ship?', 'We ship to the US and Canada in three to five business days.',
  '## What are your opening hours?', 'Our warehouse shop is open 9 to 5, Monday to Friday.',
].join('\n'));

/** Counts the product searches the responder runs, through its `search` option. */
class CountingSearch extends CatalogSearch {
  readonly searched: string[] = [];

  override search(catalog: Catalog, text: string): CatalogSearchResult {
    this.searched.push(text);
    return super.search(catalog, text);
  }
}

async function ask(text: string, search: CatalogSearch) {
  const respond = catalogResponder({ wordDelayMs: 0, catalog: store(), faq: FAQ, search });
  const message: ShopperMessage = { id: 'm1', sessionId: 's1', text, sentAt: 0 };
  const ctx: RespondContext = { sessionId: 's1', context: {}, signal: new AbortController().signal, history: [] };
  let said = '';
  const blocks: Block[] = [];
  for await (const piece of respond(message, ctx) as AsyncIterable<string | Block>) {
    if (typeof piece === 'string') said += piece;
    else blocks.push(piece);
  }
  return { said, cards: blocks.find((b): b is ProductsBlock => b.type === 'products')?.items ?? [] };
}

describe('store questions', () => {
  it.each([
    ['What is your return policy?', 'Returns are free within 30 days.'],
    ['do you ship to Canada', 'We ship to the US and Canada in three to five business days.'],
    ['What are your opening hours?', 'Our warehouse shop is open 9 to 5, Monday to Friday.'],
    ['Quels sont vos horaires ?', 'Our warehouse shop is open 9 to 5, Monday to Friday.'],
  ])('answers "%s" from the policies without searching the products', async (question, answer) => {
    const search = new CountingSearch();
    const { said, cards } = await ask(question, search);
    expect(said).toBe(answer);
    expect(cards).toEqual([]);
    // A product question through the same responder is seen, so seeing none above means none ran.
    expect((await ask('packing tape', search)).cards.map((c) => c.id)).toEqual(['t1']);
    expect(search.searched).toEqual(['packing tape']);
  });

  it('still searches product questions that hold a shipping word, once each', async () => {
    const search = new CountingSearch();
    expect((await ask('shipping box', search)).cards.map((c) => c.id).sort()).toEqual(['b1', 'b2']);
    expect((await ask('sunglasses with free shipping', search)).cards[0]?.id).toBe('s1');
    expect((await ask('packing tape', search)).cards.map((c) => c.id)).toEqual(['t1']);
    expect(search.searched).toEqual(['shipping box', 'sunglasses with free shipping', 'packing tape']);
  });
});
