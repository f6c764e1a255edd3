// The labelled shopper questions for the synthetic store, and their graded labels.
//
// How labels are made (no engine's output is looked at): each question is written from an intent
// (a product type, and maybe a colour, size, price limit, feature, brand, "cheap"), with values
// taken from the generator's ground truth so that most questions have answers. Each product's
// grade follows from its ground truth by these rules:
//   3  the asked type, every asked trait (feature, brand) and at least one variant with the asked
//      colour and size within the price limits, in stock ("cheap": in the lowest third of the
//      type's prices);
//   2  the same, but every such variant is sold out;
//   1  the asked type, missing an asked trait, colour, size or the price (an honest alternative);
//   0  anything else.
// Store questions (returns, shipping...) have no relevant product: the right answer shows none.
// The rules were written before either engine ran on these questions; a sample was read by hand.
// Rounds of question kinds alternate between a development half and a held-out half (`heldOut`).
import { BRANDS, TYPES, random } from './catalog-generator.mjs';

const typo = (word, rand) => {
  if (word.length < 5) return word;
  const at = 2 + Math.floor(rand() * (word.length - 3));
  const kind = Math.floor(rand() * 3);
  if (kind === 0) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 1) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return word.slice(0, at) + word[at] + word.slice(at);
};
const misspell = (phrase, rand) => phrase.split(' ').map((w, i, all) => (i === all.length - 1 ? typo(w, rand) : w)).join(' ');
const ceilTo = (n, step) => Math.ceil(n / step) * step;

export const POLICY_QUESTIONS = [
  'What is your return policy?',
  'How long does shipping take?',
  'Are you open on Sundays? What are your opening hours?',
  'Do you accept PayPal?',
  'Quelle est votre politique de retour ?',
  'Wie hoch sind die Versandkosten?',
  '¿Cuánto tarda el envío?',
  'can I get a refund if it does not fit',
];

/**
 * About `count` labelled questions over `truths` (from `generateCatalog`), deterministic for a
 * seed. Each: `{ text, kind, heldOut, grades: Map<itemIndex, grade> }`.
 */
export function labelledQueries(truths, { count = 96, seed = 29 } = {}) {
  const rand = random(seed);
  const byType = new Map();
  truths.forEach((t, i) => byType.set(t.type, [...(byType.get(t.type) ?? []), i]));
  const specs = [];
  const kinds = ['plain', 'colour', 'price', 'cheap', 'size', 'feature', 'brand', 'typo', 'language', 'combined', 'between', 'typo-colour'];
  for (let q = 0; specs.length < count - POLICY_QUESTIONS.length; q++) {
    const spec = TYPES[Math.floor(rand() * TYPES.length)];
    const members = byType.get(spec.type) ?? [];
    if (members.length === 0) continue;
    const sample = truths[members[Math.floor(rand() * members.length)]];
    const variant = sample.variants[Math.floor(rand() * sample.variants.length)];
    const kind = kinds[q % kinds.length];
    const intent = { type: spec.type };
    let text;
    const plural = spec.plural;
    switch (kind) {
      case 'plain': text = pickOne(rand, [plural, `show me ${plural}`, `do you have ${plural}?`]); break;
      case 'colour': intent.colour = variant.colour; text = pickOne(rand, [`${variant.colour} ${spec.type}`, `${plural} in ${variant.colour}`]); break;
      case 'price': intent.max = ceilTo(variant.price, 10); text = pickOne(rand, [`${plural} under $${intent.max}`, `${spec.type} less than ${intent.max} dollars`]); break;
      case 'between': intent.min = Math.max(0, ceilTo(variant.price, 10) - 30); intent.max = ceilTo(variant.price, 10); text = `${plural} between ${intent.min} and ${intent.max}`; break;
      case 'cheap': intent.cheap = true; text = pickOne(rand, [`cheap ${plural}`, `affordable ${spec.type}`]); break;
      case 'size':
        if (!variant.size) { intent.colour = variant.colour; text = `${spec.type} in ${variant.colour}`; break; }
        intent.size = variant.size;
        text = spec.capacity ? `${variant.size} ${spec.type}` : pickOne(rand, [`${spec.type} in size ${variant.size}`, `${plural} size ${variant.size}`]);
        break;
      case 'feature': intent.feature = pickOne(rand, sample.features); text = `${intent.feature} ${plural}`; break;
      case 'brand': intent.brand = sample.brand; text = `${sample.brand} ${plural}`; break;
      case 'typo': text = misspell(plural, rand); break;
      case 'typo-colour': intent.colour = variant.colour; text = `${variant.colour} ${misspell(spec.type, rand)}`; break;
      case 'language': {
        intent.max = ceilTo(variant.price, 10);
        text = pickOne(rand, [`${plural} moins de ${intent.max} €`, `${plural} unter ${intent.max} Euro`, `${plural} por menos de ${intent.max}`]);
        break;
      }
      case 'combined': intent.colour = variant.colour; intent.max = ceilTo(variant.price, 10); text = `${variant.colour} ${spec.type} under $${intent.max}`; break;
    }
    specs.push({ text, kind, intent });
  }
  const queries = specs.map((s) => ({ ...s, grades: grade(truths, s.intent) }));
  for (const text of POLICY_QUESTIONS) queries.push({ text, kind: 'policy', intent: {}, grades: new Map() });
  // Every other round of the kinds is held out, so both halves hold every kind of question.
  return queries.map((q, i) => ({ ...q, heldOut: q.kind === 'policy' ? i % 2 === 1 : Math.floor(i / kinds.length) % 2 === 1 }));
}

function pickOne(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function grade(truths, intent) {
  const grades = new Map();
  const ofType = truths.map((t, i) => [t, i]).filter(([t]) => t.type === intent.type);
  let cheapCut = Infinity;
  if (intent.cheap) {
    const prices = ofType.map(([t]) => Math.min(...t.variants.map((v) => v.price))).sort((a, b) => a - b);
    cheapCut = prices[Math.floor((prices.length - 1) / 3)];
  }
  for (const [t, i] of ofType) {
    const traits = (!intent.feature || t.features.includes(intent.feature)) && (!intent.brand || t.brand === intent.brand);
    const fitting = t.variants.filter((v) => (!intent.colour || v.colour === intent.colour)
      && (!intent.size || v.size === intent.size)
      && (intent.max === undefined || v.price <= intent.max)
      && (intent.min === undefined || v.price >= intent.min)
      && v.price <= cheapCut);
    if (!traits || fitting.length === 0) grades.set(i, 1);
    else grades.set(i, fitting.some((v) => v.available) ? 3 : 2);
  }
  return grades;
}

export { BRANDS };
