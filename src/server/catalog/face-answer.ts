import type { Block, FaceAttributes } from '../../protocol/index.js';
import { bandWords } from '../answering/face-message.js';
import { quickReplies, type Answer, type Suggestion } from './answer.js';
import { fitForFace } from './fit.js';
import { moneyFormatter } from './i18n/messages.js';
import type { Catalog, CatalogItem } from './model.js';
import { defaultVariant, productCard } from './product-card.js';

/** Why frames of a kind suit a face shape, said in a few words. */
const SHAPE_ADVICE: Readonly<Record<NonNullable<FaceAttributes['faceShape']>, string>> = {
  oval: 'Oval faces are balanced, so most frames work; these keep that balance.',
  round: 'Angular, square and rectangular frames add definition to a round face.',
  square: 'Round and oval frames soften the strong angles of a square face.',
  heart: 'Light frames and styles with width lower down balance a wider forehead.',
  oblong: 'Deep frames with a strong brow shorten a longer face.',
  diamond: 'Cat-eye, oval and browline frames soften wide cheekbones.',
};

/** Suggestions in words, for when the camera could not tell. */
const ASK_IN_WORDS: Suggestion[] = [['Frames for a round face', 'Frames for a round face'], ['Foundation for tan skin', 'Foundation for tan skin'], ['Show me eyewear', 'Show me eyewear']];

/**
 * The answer to a face analysis: items whose `suits` match the face shape and the skin tone, with
 * the reason in a sentence. It repeats the attributes only in the answer's own words, which is all
 * the session history keeps of them.
 */
export function composeForFace(face: FaceAttributes, catalog: Catalog, maxResults: number, locale: unknown): Answer {
  const { frames, shades } = fitForFace(catalog.items, face, maxResults);
  const shape = frames.length > 0 ? face.faceShape : undefined;
  const band = shades.length > 0 && face.skinTone !== undefined ? bandWords(face.skinTone.band) : undefined;
  if (shape === undefined && band === undefined) {
    return {
      text: "Sorry, I couldn't tell your face shape or skin tone from that picture. Even light and looking straight at the camera usually help. "
        + 'You can also just tell me, for example "frames for a round face" or "foundation for tan skin".',
      blocks: [quickReplies(ASK_IN_WORDS, '')],
    };
  }
  const money = moneyFormatter(locale);
  const priced = (item: CatalogItem) => {
    const variant = defaultVariant(item);
    return `the ${item.title} at ${money(variant.price.amount, variant.price.currency)}`;
  };
  const top = (items: CatalogItem[]) => items.find((i) => i.variants.some((v) => v.available)) ?? items[0]!;
  const found = [shape && `a ${shape} face`, band && `${band} skin`].filter(Boolean).join(' and ');
  const sentences = [`From the analysis on your device, you have ${found}.`];
  if (face.quality === 'poor' || face.confidence < 0.5) sentences.push("The picture wasn't very clear, so take this as a starting point.");
  const blocks: Block[] = [];
  const suggestions: Suggestion[] = [];
  if (shape !== undefined) {
    sentences.push(`${SHAPE_ADVICE[shape]} My top frame pick is ${priced(top(frames))}.`);
    blocks.push({ type: 'products', items: frames.map((item) => productCard(item)) });
    suggestions.push([`Sunglasses for a ${shape} face`, `Sunglasses for a ${shape} face`]);
  } else {
    sentences.push('I couldn\'t tell your face shape: ask me about frames in words, like "frames for a round face".');
    suggestions.push(['Frames for a round face', 'Frames for a round face']);
  }
  if (band !== undefined) {
    sentences.push(`For ${band} skin, start with ${priced(top(shades))}.`);
    blocks.push({ type: 'products', items: shades.map((item) => productCard(item)) });
    suggestions.push([`Foundation for ${band} skin`, `Foundation for ${band} skin`], [`Lipstick for ${band} skin`, `Lipstick for ${band} skin`]);
  } else {
    sentences.push('I couldn\'t tell your skin tone: ask me about shades in words, like "foundation for tan skin".');
    suggestions.push(['Foundation for tan skin', 'Foundation for tan skin']);
  }
  blocks.push(quickReplies(suggestions, ''));
  return { text: sentences.join(' '), blocks };
}
