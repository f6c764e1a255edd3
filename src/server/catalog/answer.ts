import type { Block, QuickRepliesBlock } from '../../protocol/index.js';
import { answerFromFaq, type FaqEntry } from './faq.js';
import { faceMessagesFor, type FaceMessages, type FaceShape, type ToneBand } from './i18n/face-messages.js';
import { messagesFor, moneyFormatter, type Messages } from './i18n/messages.js';
import type { Catalog, CatalogVariant } from './model.js';
import { productCard } from './product-card.js';
import type { CatalogSearch } from './search/catalog-search.js';
import type { CatalogIndex } from './search/catalog-index.js';
import { parseQuery, type CatalogQuery } from './search/query.js';

export interface Answer {
  text: string;
  blocks: Block[];
}

export type Suggestion = [label: string, value: string];

export interface AnswerInput {
  text: string;
  catalog: Catalog;
  search: CatalogSearch;
  faq: readonly FaqEntry[];
  maxResults: number;
  locale: unknown;
}

export function quickReplies(suggestions: readonly Suggestion[], asked: string): QuickRepliesBlock {
  const same = asked.trim().toLowerCase();
  const options = suggestions.filter(([, value]) => value.toLowerCase() !== same).slice(0, 3).map(([label, value]) => ({ label, value }));
  return { type: 'quick-replies', options };
}

/** The catalog's most common categories (else product types): what to offer when nothing matched. */
function kinds(catalog: Catalog, messages: Messages): Suggestion[] {
  const count = new Map<string, number>();
  const byCategory = catalog.items.some((item) => item.categories.length > 0);
  for (const item of catalog.items) {
    for (const kind of byCategory ? item.categories.slice(0, 1) : item.productType ? [item.productType] : []) count.set(kind, (count.get(kind) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([kind]) => [kind, messages.showMe(kind)]);
}

/** Other kinds of product than the top match's, from the same catalog, as follow-ups. */
function followUps(catalog: Catalog, shownType: string | undefined, messages: Messages): Suggestion[] {
  const types = new Map<string, number>();
  for (const item of catalog.items) if (item.productType && item.productType !== shownType) types.set(item.productType, (types.get(item.productType) ?? 0) + 1);
  return [...types].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([type]) => [type.charAt(0).toUpperCase() + type.slice(1), messages.showMe(type)]);
}

function limits(query: CatalogQuery, messages: Messages, face: FaceMessages, money: (amount: number) => string): string {
  let out = '';
  if (query.suitsKind === 'face') out += face.forFace(query.suits.map((s) => face.shapes[s as FaceShape] ?? s));
  if (query.suitsKind === 'skin') out += face.forSkin(query.suits.map((s) => face.bands[s as ToneBand] ?? s));
  const { min, max } = query.price;
  if (min !== undefined && max !== undefined) out += messages.between(money(min), money(max));
  else if (max !== undefined) out += messages.under(money(max));
  else if (min !== undefined) out += messages.from(money(min));
  if (query.cheap) out += messages.cheap;
  return out;
}

/**
 * Whether a store question also names a kind of product the catalog has ("sunglasses with free
 * shipping", "shipping box"). The words that made it a store question do not count, even when a
 * product type holds them too: "do you ship to Canada" at a store selling shipping boxes is still
 * about shipping.
 */
function namesProduct(query: CatalogQuery, index: CatalogIndex): boolean {
  return query.terms.some((t) => index.kindVocabulary.has(t) && parseQuery(query.written[t] ?? t).policy === undefined);
}

/**
 * Answers a shopper's sentence from the catalog: a store question from the policies (never with
 * products), otherwise the best matches as cards showing the variant asked for, said in the
 * shopper's language with prices in the catalog's currency. When nothing fits it says so: the
 * nearest product over the budget, or the same kind without the asked option, or a question back
 * with the kinds of product the store has; never unrelated products.
 */
export function composeAnswer({ text, catalog, search, faq, maxResults, locale }: AnswerInput): Answer {
  const messages = messagesFor(locale);
  const format = moneyFormatter(locale);
  const money = (amount: number) => format(amount, catalog.currency);
  const priced = (variant: CatalogVariant) => messages.price(format(variant.price.amount, variant.price.currency), variant.priceFrom === true);
  const query = parseQuery(text);

  if (query.greeting) return { text: messages.greeting, blocks: [quickReplies(followUps(catalog, undefined, messages), text)] };
  // A store question is answered before any search: at 50k products ranking costs more than the
  // whole answer, and its products would not be shown anyway.
  if (query.policy !== undefined && !namesProduct(query, search.indexFor(catalog))) {
    const entry = answerFromFaq(faq, text);
    return { text: entry?.answer ?? messages.noPolicy, blocks: [] };
  }
  const result = search.search(catalog, text);
  const entry = query.terms.length > 0 && result.matches.length === 0 ? answerFromFaq(faq, text) : undefined;
  if (entry !== undefined) return { text: entry.answer, blocks: [] };

  const top = result.matches[0];
  if (top === undefined) {
    const nearest = result.nearest;
    if (nearest !== undefined) {
      return {
        text: messages.overBudget(limits(query, messages, faceMessagesFor(locale), money), nearest.item.title, priced(nearest.variant)),
        blocks: [{ type: 'products', items: [productCard(nearest.item, nearest.variant)] }],
      };
    }
    return { text: messages.nothing, blocks: [quickReplies(kinds(catalog, messages), text)] };
  }
  const matches = result.matches.slice(0, maxResults);
  const price = priced(top.variant);
  const sentence = result.partial
    ? messages.partial(result.missing.map((t) => query.written[t] ?? t).join(', '), top.item.title, price)
    : messages.found(matches.length, limits(query, messages, faceMessagesFor(locale), money), top.item.title, price, !top.variant.available);
  return {
    text: sentence,
    blocks: [
      { type: 'products', items: matches.map((m) => productCard(m.item, m.variant)) },
      quickReplies(followUps(catalog, top.item.productType, messages), text),
    ],
  };
}
