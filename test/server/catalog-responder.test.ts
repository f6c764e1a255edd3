import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChatResponse, type Block, type ChatMessage, type ProductsBlock, type QuickRepliesBlock } from '../../src/protocol';
import { DEMO_IMAGES_DIR, catalogResponder, loadDemoCatalog, type RespondContext } from '../../src/server';

const DEMO = loadDemoCatalog({ publicUrl: 'https://chat.example' }).items;

interface Run {
  words: string[];
  blocks: Block[];
  returned: unknown;
}

async function run(text: string, options: Parameters<typeof catalogResponder>[0] = {}): Promise<Run> {
  const respond = catalogResponder({ wordDelayMs: 0, ...options });
  const message: ChatMessage = { id: 'm1', sessionId: 's1', text, sentAt: 0 };
  const ctx: RespondContext = { sessionId: 's1', context: {}, signal: new AbortController().signal, history: [] };
  const iterable = respond(message, ctx) as AsyncGenerator<string | Block, unknown>;
  const out: Run = { words: [], blocks: [], returned: undefined };
  for (;;) {
    const step = await iterable.next();
    if (step.done) {
      out.returned = step.value;
      return out;
    }
    if (typeof step.value === 'string') out.words.push(step.value);
    else out.blocks.push(step.value);
  }
}

const productsOf = (r: Run) => r.blocks.find((b): b is ProductsBlock => b.type === 'products');
const repliesOf = (r: Run) => r.blocks.find((b): b is QuickRepliesBlock => b.type === 'quick-replies');

describe('catalogResponder', () => {
  it('streams a sentence word by word, then product cards and 2-3 quick replies', async () => {
    const r = await run('blue light glasses');
    expect(r.words.length).toBeGreaterThan(5);
    expect(r.words.slice(0, -1).every((w) => /^\S+\s+$/.test(w))).toBe(true);
    expect(r.words.join('')).toMatch(/^I found \d products?.*Clearview Blue Light Glasses.*\$59\.00/);
    const cards = productsOf(r)!;
    expect(cards.items[0]).toEqual({
      id: 'ew01', title: 'Clearview Blue Light Glasses', url: '/products/clearview-blue-light-glasses',
      price: { amount: 59, currency: 'USD' }, image: { url: '/catalog-images/ew01.svg', alt: 'Clearview Blue Light Glasses' },
      variantId: expect.stringMatching(/^\d+$/), available: true,
    });
    expect(cards.items.length).toBeLessThanOrEqual(4);
    expect(repliesOf(r)!.options.length).toBeGreaterThanOrEqual(2);
    expect(repliesOf(r)!.options.length).toBeLessThanOrEqual(3);
    expect(r.blocks.map((b) => b.type)).toEqual(['products', 'quick-replies']);
    expect(r.returned).toEqual({ provider: 'demo-catalog' });
    // What it produces passes the widget's own parser untouched.
    const parsed = parseChatResponse({ success: true, id: 'r', seq: 1, sessionId: 's', timestamp: 1, response: r.words.join(''), blocks: r.blocks });
    expect(parsed.ok && parsed.dropped).toEqual([]);
  });

  it('uses imageBaseUrl and maxResults', async () => {
    const r = await run('foundation', { imageBaseUrl: 'https://cdn.example/img/', maxResults: 2 });
    expect(productsOf(r)!.items.map((i) => i.image?.url)).toEqual(['https://cdn.example/img/bt01.svg', 'https://cdn.example/img/bt02.svg']);
  });

  it('resolves the demo catalog against publicUrl, so cards work on another origin', async () => {
    const r = await run('foundation', { publicUrl: 'https://chat.example.com/assistant' });
    for (const item of productsOf(r)!.items) {
      expect(item.url).toMatch(/^https:\/\/chat\.example\.com\/assistant\/products\/silk-veil-foundation-/);
      expect(item.image?.url).toMatch(/^https:\/\/chat\.example\.com\/assistant\/catalog-images\/bt0\d\.svg$/);
    }
  });

  it('mentions the skin tone and the price limit it understood', async () => {
    expect((await run('foundation for tan skin')).words.join('')).toMatch(/for tan skin/);
    expect((await run('red running shoes under $100')).words.join('')).toMatch(/under \$100\.00/);
    expect((await run('frames for an oval face')).words.join('')).toMatch(/for an oval face/);
  });

  it('apologises and suggests categories when nothing matches', async () => {
    const r = await run('quantum flux capacitor');
    expect(r.words.join('')).toMatch(/^Sorry/);
    expect(productsOf(r)).toBeUndefined();
    expect(repliesOf(r)!.options.map((o) => o.label)).toEqual(['Eyewear', 'Beauty', 'Apparel']);
  });

  it('welcomes a greeting with starter quick replies and no products', async () => {
    for (const hello of ['hi', 'Hello!', 'hey there', 'Good morning']) {
      const r = await run(hello);
      expect(r.words.join('')).toMatch(/^Hi!/);
      expect(productsOf(r)).toBeUndefined();
      expect(repliesOf(r)!.options.length).toBe(3);
    }
    expect(productsOf(await run('hi, show me sunglasses'))).toBeDefined();
  });

  it('follows up on a quick reply without suggesting the same thing again', async () => {
    const r = await run('Red running shoes under $100');
    expect(repliesOf(r)!.options.map((o) => o.value)).not.toContain('Red running shoes under $100');
  });

  it('stops promptly when aborted, even in the middle of a pause, sending nothing more', async () => {
    // A pause longer than the test timeout: only the abort can end it.
    const respond = catalogResponder({ wordDelayMs: 120_000 });
    const controller = new AbortController();
    const message: ChatMessage = { id: 'm1', sessionId: 's1', text: 'blue light glasses', sentAt: 0 };
    const iterable = respond(message, { sessionId: 's1', context: {}, signal: controller.signal, history: [] }) as AsyncGenerator<string | Block, unknown>;
    expect((await iterable.next()).value).toBe('I ');
    const pending = iterable.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: { provider: 'demo-catalog' } });
  });

  it('refuses nonsense options', () => {
    expect(() => catalogResponder({ maxResults: 0 })).toThrow(/maxResults/);
    expect(() => catalogResponder({ wordDelayMs: -1 })).toThrow(/wordDelayMs/);
  });
});

describe('the demo catalog', () => {
  it('has 12 products in each category with unique ids, handles and numeric variant ids, all URLs absolute', () => {
    expect(DEMO).toHaveLength(36);
    for (const category of ['Eyewear', 'Beauty', 'Apparel']) {
      expect(DEMO.filter((p) => p.categories.includes(category))).toHaveLength(12);
    }
    expect(new Set(DEMO.map((p) => p.id)).size).toBe(36);
    expect(new Set(DEMO.map((p) => p.handle)).size).toBe(36);
    expect(new Set(DEMO.map((p) => p.variants[0]!.id)).size).toBe(36);
    for (const p of DEMO) {
      expect(p.variants[0]!.id).toMatch(/^\d+$/);
      expect(p.url).toBe(`https://chat.example/products/${p.handle}`);
      expect(p.variants[0]!.price.currency).toBe('USD');
      expect(p.images[0]!.url).toBe(`https://chat.example/catalog-images/${p.id}.svg`);
    }
    expect(DEMO.filter((p) => !p.variants[0]!.available).length).toBeGreaterThanOrEqual(2);
  });

  it('has a small SVG drawing in the product colour for every product, and nothing else', () => {
    const files = readdirSync(DEMO_IMAGES_DIR).filter((f) => f.endsWith('.svg')).sort();
    expect(files).toEqual(DEMO.map((p) => `${p.id}.svg`).sort());
    for (const p of DEMO) {
      const path = join(DEMO_IMAGES_DIR, `${p.id}.svg`);
      expect(statSync(path).size).toBeLessThan(1536);
      const svg = readFileSync(path, 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox=/);
      expect(svg).toContain(p.attributes.color_hex);
      expect(svg).not.toMatch(/<script|on\w+=|href=/i);
    }
  });
});
