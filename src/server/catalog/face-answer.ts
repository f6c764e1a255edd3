import type { Block, FaceAttributes } from '../../protocol/index.js';
import { quickReplies, type Answer, type Suggestion } from './answer.js';
import { fitForFace } from './fit.js';
import { faceMessagesFor, type FaceMessages } from './i18n/face-messages.js';
import { messagesFor, moneyFormatter } from './i18n/messages.js';
import type { Catalog, CatalogItem } from './model.js';
import { defaultVariant, productCard } from './product-card.js';

const EN = faceMessagesFor('en');

/**
 * A quick reply labelled in the shopper's language. Its value, which the widget sends back as the
 * shopper's next question, stays in English: the search reads face shapes and skin tones in
 * English words only, and a translated value would find nothing.
 */
function suggest(say: FaceMessages, phrase: (m: FaceMessages) => string): Suggestion {
  return [phrase(say), phrase(EN)];
}

/**
 * The answer to a face analysis: items whose `suits` match the face shape and the skin tone, with
 * the reason in a sentence, in the shopper's language. It repeats the attributes only in the
 * answer's own words, which is all the session history keeps of them.
 */
export function composeForFace(face: FaceAttributes, catalog: Catalog, maxResults: number, locale: unknown): Answer {
  const say = faceMessagesFor(locale);
  const { frames, shades } = fitForFace(catalog.items, face, maxResults);
  const shape = frames.length > 0 ? face.faceShape : undefined;
  const band = shades.length > 0 ? face.skinTone?.band : undefined;
  if (shape === undefined && band === undefined) {
    const ask = [suggest(say, (m) => m.frames(m.shapes.round)), suggest(say, (m) => m.foundation(m.bands.tan)), suggest(say, (m) => m.eyewear)];
    return { text: say.noneTold, blocks: [quickReplies(ask, '')] };
  }
  const money = moneyFormatter(locale);
  const messages = messagesFor(locale);
  const price = (item: CatalogItem) => {
    const variant = defaultVariant(item);
    return messages.price(money(variant.price.amount, variant.price.currency), variant.priceFrom === true);
  };
  const top = (items: CatalogItem[]) => items.find((i) => i.variants.some((v) => v.available)) ?? items[0]!;
  const sentences = [say.analysed(shape && say.shapes[shape], band && say.bands[band])];
  if (face.quality === 'poor' || face.confidence < 0.5) sentences.push(say.unclear);
  const blocks: Block[] = [];
  const suggestions: Suggestion[] = [];
  if (shape !== undefined) {
    const pick = top(frames);
    sentences.push(`${say.advice[shape]} ${say.topFrame(pick.title, price(pick))}`);
    blocks.push({ type: 'products', items: frames.map((item) => productCard(item)) });
    suggestions.push(suggest(say, (m) => m.sunglasses(m.shapes[shape])));
  } else {
    sentences.push(say.noShape);
    suggestions.push(suggest(say, (m) => m.frames(m.shapes.round)));
  }
  if (band !== undefined) {
    const pick = top(shades);
    sentences.push(say.startShade(say.bands[band], pick.title, price(pick)));
    blocks.push({ type: 'products', items: shades.map((item) => productCard(item)) });
    suggestions.push(suggest(say, (m) => m.foundation(m.bands[band])), suggest(say, (m) => m.lipstick(m.bands[band])));
  } else {
    sentences.push(say.noTone);
    suggestions.push(suggest(say, (m) => m.foundation(m.bands.tan)));
  }
  blocks.push(quickReplies(suggestions, ''));
  return { text: sentences.join(' '), blocks };
}
