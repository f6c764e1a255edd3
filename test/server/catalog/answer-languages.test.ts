import { describe, expect, it } from 'vitest';
import type { Block, ChatContext, FaceAttributes, ProductsBlock, QuickRepliesBlock } from '../../../src/protocol';
import { catalogResponder, type RespondContext, type ShopperMessage } from '../../../src/server';

const ROUND_TAN: FaceAttributes = { faceShape: 'round', skinTone: { ita: 20, band: 'tan', monk: 7 }, confidence: 0.9, quality: 'good' };
const NOTHING: FaceAttributes = { confidence: 0.1, quality: 'poor' };

/** Asks the demo catalog's responder, as the chat server would, in the widget's locale. */
async function ask(locale: string, text: string, face?: FaceAttributes) {
  const respond = catalogResponder({ wordDelayMs: 0 });
  const message: ShopperMessage = { id: 'm1', sessionId: 's1', text, sentAt: 0, ...(face ? { face } : {}) };
  const context: ChatContext = { locale };
  const ctx: RespondContext = { sessionId: 's1', context, signal: new AbortController().signal, history: [] };
  let said = '';
  const blocks: Block[] = [];
  for await (const piece of respond(message, ctx) as AsyncIterable<string | Block>) {
    if (typeof piece === 'string') said += piece;
    else blocks.push(piece);
  }
  const cards = blocks.filter((b): b is ProductsBlock => b.type === 'products').flatMap((b) => b.items);
  const replies = blocks.find((b): b is QuickRepliesBlock => b.type === 'quick-replies')?.options ?? [];
  return { said, cards, replies };
}

/** Per locale other than English (test/server/face-analysis.test.ts holds the English answers): how a round face and tan skin are said. */
const LOCALES = [
  { locale: 'fr-FR', face: 'un visage rond', skin: 'une peau mate', forFace: 'pour un visage rond', label: 'Lunettes de soleil pour un visage rond' },
  { locale: 'de-DE', face: 'ein rundes Gesicht', skin: 'gebräunte Haut', forFace: 'für ein rundes Gesicht', label: 'Sonnenbrillen für ein rundes Gesicht' },
  { locale: 'es-ES', face: 'un rostro redondo', skin: 'piel bronceada', forFace: 'para un rostro redondo', label: 'Gafas de sol para un rostro redondo' },
  { locale: 'ar', face: 'وجه مستدير', skin: 'بشرة حنطية', forFace: 'لوجه مستدير', label: 'نظارات شمسية لوجه مستدير' },
];
/** The English answer's own words (product titles stay as the merchant wrote them, in English here). */
const ENGLISH = /\b(?:From the analysis|you have|top frame pick|start with|Sorry|couldn't|for (?:a|an) \w+ face|\w+ skin|Show me)\b/;

describe('catalog answers in the shopper\'s language', () => {
  it.each(LOCALES)('answers a face analysis in $locale, with quick replies labelled in it that still search', async ({ locale, face, skin, label }) => {
    const { said, cards, replies } = await ask(locale, 'Find products that suit me', ROUND_TAN);
    expect(said).toContain(face);
    expect(said).toContain(skin);
    expect(said).not.toMatch(ENGLISH);
    expect(cards.length).toBeGreaterThan(0);
    const sunglasses = replies.find((r) => r.label === label);
    expect(sunglasses).toBeDefined();
    // The value is sent back as the next question: it must find frames for that face.
    const next = await ask(locale, sunglasses!.value);
    expect(next.cards.length).toBeGreaterThan(0);
  });

  it.each(LOCALES)('says in $locale when it could tell neither shape nor tone', async ({ locale }) => {
    const { said, cards, replies } = await ask(locale, 'Find products that suit me', NOTHING);
    expect(cards).toEqual([]);
    expect(replies).toHaveLength(3);
    expect(said).not.toMatch(ENGLISH);
    for (const reply of replies) expect(reply.label).not.toMatch(ENGLISH);
    for (const reply of replies) expect((await ask(locale, reply.value)).cards.length).toBeGreaterThan(0);
  });

  it.each(LOCALES)('repeats a face shape limit of a text question in $locale', async ({ locale, forFace }) => {
    const { said, cards } = await ask(locale, 'glasses for a round face');
    expect(cards.length).toBeGreaterThan(0);
    expect(said).toContain(forFace);
  });

  it('repeats a skin tone limit in every locale', async () => {
    const said = await Promise.all(['en', 'fr', 'de', 'es', 'ar'].map(async (locale) => (await ask(locale, 'foundation for tan skin')).said));
    expect(said[0]).toContain('for tan skin');
    expect(said[1]).toContain('pour une peau mate');
    expect(said[2]).toContain('für gebräunte Haut');
    expect(said[3]).toContain('para piel bronceada');
    expect(said[4]).toContain('لبشرة حنطية');
  });
});
