import { fold, isStopWord, term, words } from './text.js';

/** What a shopper's sentence asks for, once read. */
export interface CatalogQuery {
  /** Search terms as the index holds them (stemmed, synonyms folded), stop words and amounts out. */
  terms: string[];
  /** Each term as the shopper wrote it (folded), for answers that repeat it. */
  written: Record<string, string>;
  /** Face shapes or skin tone bands the products should suit ("round face", "tan skin"). */
  suits: string[];
  /** What `suits` refers to, for wording the answer. */
  suitsKind?: 'face' | 'skin';
  /** Price limits in the catalog's currency; `maxInclusive` false for "under 50". */
  price: { min?: number; max?: number; maxInclusive?: boolean };
  /** "cheap", "pas cher", "günstig": the lower price band of whatever matches. */
  cheap: boolean;
  /** "in stock", "available": sold-out products are left out rather than ranked lower. */
  inStockOnly: boolean;
  /** A question about the store rather than its products ("what is your return policy?"). */
  policy?: PolicyTopic;
  greeting: boolean;
}

export type PolicyTopic = 'returns' | 'shipping' | 'hours' | 'payment' | 'contact' | 'warranty' | 'privacy';

/**
 * Phrases in the five answer languages. Written over folded text (no accents, lower case), so
 * "hasta 50 €" and "höchstens 50" need no accented variants. Arabic stays as typed.
 */
const NUM = String.raw`(\d+(?:[.,]\d{1,2})?)`;
const CUR = String.raw`(?:\s*(?:\$|€|£|usd|eur|euros?|dollars?|bucks|gbp|£|\$|dh|sar|aed|ريال|درهم|دولار|يورو))?`;
const PRE = String.raw`(?:\$|€|£)?\s*`;
const AMOUNT = `${PRE}${NUM}${CUR}`;
const phrase = (words: string) => new RegExp(`(?:^|\\s|[^\\p{L}])(?:${words})\\s*${AMOUNT}`, 'giu');

const BETWEEN = [
  new RegExp(`(?:between|entre|zwischen|بين)\\s*${AMOUNT}\\s*(?:and|to|et|und|y|a|bis|و|-)\\s*${AMOUNT}`, 'giu'),
  new RegExp(`(?:from|de|von|desde|من)\\s*${AMOUNT}\\s*(?:to|a|à|bis|hasta|الى|إلى|-)\\s*${AMOUNT}`, 'giu'),
  new RegExp(`${PRE}${NUM}\\s*(?:-|to)\\s*${AMOUNT}`, 'giu'),
];
const UNDER = phrase([
  'under', 'below', 'less than', 'cheaper than', 'lower than', 'beneath', '<',
  'moins de', 'moins que', 'sous', 'en dessous de', 'inferieur a',
  'unter', 'weniger als', 'billiger als', 'unterhalb von',
  'menos de', 'menos que', 'por debajo de', 'bajo',
  'أقل من', 'اقل من', 'تحت', 'بأقل من',
].join('|'));
const UP_TO = phrase(['up to', 'at most', 'max(?:imum)?', 'no more than', 'within', 'budget(?: of| is)?', 'jusqu.a', 'au maximum', 'maximum', 'bis zu', 'bis', 'hochstens', 'maximal', 'hasta', 'como maximo', 'maximo', 'حتى', 'بحد أقصى'].join('|'));
const OVER = phrase(['over', 'above', 'more than', 'at least', 'from', 'min(?:imum)?', '>', 'plus de', 'au moins', 'a partir de', 'uber', 'mehr als', 'mindestens', 'ab', 'mas de', 'al menos', 'desde', 'أكثر من', 'اكثر من', 'فوق'].join('|'));

const CHEAP = /\b(?:cheap(?:est|er)?|inexpensive|affordable|budget|low[- ]cost|pas cher|bon marche|moins cher|gunstig(?:e|en|er)?|billig(?:e|en|er)?|preiswert(?:e|en)?|barat[oa]s?|economic[oa]s?)\b|رخيص|ارخص|أرخص/u;
const IN_STOCK = /\b(?:in stock|available(?: now)?|en stock|disponibles?|auf lager|lieferbar|verfugbar|en existencia)\b|متوفر|متاح/u;

/** Store questions by topic, as shoppers ask them in the five languages (folded). */
const POLICY: Readonly<Record<PolicyTopic, RegExp>> = {
  returns: /\b(?:return(?:s|ing)?|refunds?|exchanges?|send (?:it )?back|retour(?:ner)?|rembourse(?:ment|r)?|echanger?|ruckgabe|zuruckgeben|umtausch(?:en)?|erstattung|ruckerstattung|devoluci(?:on|ones)|devolver|reembolsos?|cambios?)\b|إرجاع|ارجاع|استرجاع|استرداد|استبدال/u,
  shipping: /\b(?:shipping|ship|ships|shipped|delivery|deliver|delivered|postage|dispatch|livraison|livrer|expedition|versand|lieferung|liefern|versandkosten|envios?|entregas?|enviar)\b|شحن|توصيل/u,
  hours: /\b(?:opening hours|open(?:ing)? times?|hours|are you open|when do you (?:open|close)|closing time|horaires?|ouvert|heures d.ouverture|offnungszeiten|geoffnet|horarios?|abiert[oa]s?)\b|ساعات|مفتوح|الدوام/u,
  payment: /\b(?:payment|payments|pay|paying|paypal|credit cards?|debit cards?|klarna|apple pay|installments?|paiement|payer|carte bancaire|zahlung|bezahlen|zahlungsarten|kreditkarte|pagos?|pagar|tarjeta)\b|دفع|الدفع|بطاقة/u,
  contact: /\b(?:contact(?: you| us)?|phone number|email address|customer service|support team|contacter|service client|kontakt(?:ieren)?|kundenservice|contactar|atencion al cliente)\b|اتصال|تواصل/u,
  warranty: /\b(?:warranty|guarantee|garantie|gewahrleistung|garantia)\b|ضمان/u,
  privacy: /\b(?:privacy|personal data|gdpr|donnees personnelles|datenschutz|privacidad)\b|خصوصية/u,
};

const GREETING = /^(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|bonjour|salut|bonsoir|hallo|guten (?:tag|morgen|abend)|servus|hola|buenos dias|buenas(?: tardes| noches)?|مرحبا|أهلا|اهلا|السلام عليكم)(?:\s+(?:there|all|everyone|folks?|!))*[\s!.?]*$/u;

/** General retail synonyms, folded before stemming so either word finds the other. */
const SYNONYMS: Readonly<Record<string, string>> = {
  eyeglasses: 'glasses', spectacles: 'glasses', specs: 'glasses',
  trainers: 'sneakers', trainer: 'sneakers', kicks: 'sneakers', tee: 'tshirt', tees: 'tshirt',
  jumper: 'sweater', pullover: 'sweater', trousers: 'pants', colour: 'color', gray: 'grey',
  makeup: 'cosmetics', lippy: 'lipstick',
};

/**
 * Colour words (English, as most catalogs write their options): a colour no product comes in is
 * still an option asked for, so the answer says it is missing instead of ignoring it.
 */
const COLOURS = new Set([
  'black', 'white', 'red', 'blue', 'navy', 'green', 'olive', 'grey', 'pink', 'yellow', 'orange', 'purple', 'brown', 'beige',
  'teal', 'cream', 'gold', 'silver', 'tan', 'khaki', 'maroon', 'burgundy', 'violet', 'turquoise', 'coral', 'ivory', 'charcoal',
  'lavender', 'mint', 'rose', 'magenta', 'cyan', 'indigo', 'bronze', 'copper', 'camel', 'clear', 'multicolor',
].map(term));

/** True when `t` (an index term) names a colour. */
export function isColourTerm(t: string): boolean {
  return COLOURS.has(t);
}

const FACE_SHAPES = new Set(['round', 'square', 'oval', 'heart', 'oblong', 'diamond', 'long']);
const SKIN_TONES: Readonly<Record<string, string>> = {
  light: 'light', intermediate: 'intermediate', tan: 'tan', brown: 'brown', dark: 'dark',
  fair: 'very-light', pale: 'very-light', medium: 'intermediate', olive: 'intermediate', deep: 'dark', tanned: 'tan',
};
const SKIN_WORDS = new Set(['skin', 'tone', 'complexion', 'undertone']);
/** Words that only frame a face or skin question ("a heart shaped face") and match no product. */
const SUITS_FILLER = new Set(['face', 'shape', 'shaped', 'suit', 'suits', 'flatter', 'very', 'type', ...SKIN_WORDS]);

/** Arabic-Indic and Persian digits as ASCII, so "أقل من ٥٠" reads as 50. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

const toNumber = (text: string) => Number(text.replace(',', '.'));

/** Takes price phrases out of `text`, filling `price`; returns what is left. */
function readPrice(text: string, price: CatalogQuery['price']): string {
  let rest = text;
  for (const pattern of BETWEEN) {
    rest = rest.replace(pattern, (_all, a: string, b: string) => {
      Object.assign(price, { min: Math.min(toNumber(a), toNumber(b)), max: Math.max(toNumber(a), toNumber(b)), maxInclusive: true });
      return ' ';
    });
  }
  rest = rest.replace(UNDER, (_all, a: string) => (Object.assign(price, { max: toNumber(a), maxInclusive: false }), ' '));
  rest = rest.replace(UP_TO, (_all, a: string) => (Object.assign(price, { max: toNumber(a), maxInclusive: true }), ' '));
  rest = rest.replace(OVER, (_all, a: string) => (Object.assign(price, { min: toNumber(a) }), ' '));
  // A bare "$40" or "40 euros" is a price too, but a bare "40" may be a size: only with a currency.
  rest = rest.replace(new RegExp(`(?:\\$|€|£)\\s*${NUM}|${NUM}\\s*(?:\\$|€|£|usd|eur|euros?|dollars?|bucks)(?![\\p{L}])`, 'giu'), (_all, a?: string, b?: string) => {
    if (price.max === undefined && price.min === undefined) Object.assign(price, { max: toNumber(a ?? b ?? '0'), maxInclusive: true });
    return ' ';
  });
  return rest;
}

/**
 * Reads a shopper's sentence: price limits, "cheap", "in stock", a store question, a greeting,
 * face shapes and skin tones; the rest becomes search terms. Phrases are understood in English,
 * French, German, Spanish and Arabic; product words are matched as the catalog writes them.
 */
export function parseQuery(text: string): CatalogQuery {
  const folded = asciiDigits(fold(text.slice(0, 1000)));
  const price: CatalogQuery['price'] = {};
  let rest = readPrice(folded, price);
  const cheap = CHEAP.test(rest);
  rest = rest.replace(new RegExp(CHEAP.source, 'gu'), ' ');
  const inStockOnly = IN_STOCK.test(rest);
  rest = rest.replace(new RegExp(IN_STOCK.source, 'gu'), ' ');
  const policy = (Object.keys(POLICY) as PolicyTopic[]).find((topic) => POLICY[topic].test(folded));
  const raw = words(rest).map((w) => SYNONYMS[w] ?? w);
  const skin = raw.some((w) => SKIN_WORDS.has(w));
  const face = !skin && raw.includes('face');
  const suits: string[] = [];
  const terms: string[] = [];
  const written: Record<string, string> = {};
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i]!;
    if (skin && word === 'very' && raw[i + 1] === 'light') {
      suits.push('very-light');
      i++;
    } else if (skin && SKIN_TONES[word] !== undefined) {
      suits.push(SKIN_TONES[word]!);
    } else if (face && FACE_SHAPES.has(word)) {
      suits.push(word === 'long' ? 'oblong' : word);
    } else if ((skin || face) && SUITS_FILLER.has(word)) {
      continue;
    } else if (!isStopWord(word) && !/^\d+(?:\.\d+)?$/.test(word)) {
      terms.push(term(word));
      written[term(word)] ??= word;
    }
  }
  const query: CatalogQuery = { terms: [...new Set(terms)], written, suits: [...new Set(suits)], price, cheap, inStockOnly, greeting: GREETING.test(folded.trim()) };
  if (suits.length > 0) query.suitsKind = skin ? 'skin' : 'face';
  if (policy !== undefined) query.policy = policy;
  return query;
}
