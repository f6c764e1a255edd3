/**
 * The catalog responder's own sentences in the languages built in. Only these words are
 * translated; product titles, types and policy answers stay as the merchant wrote them.
 */
export type AnswerLanguage = 'en' | 'fr' | 'de' | 'es' | 'ar';

export interface Messages {
  greeting: string;
  /** "I found 3 products{under $50}. My top pick is the {title} {at $20}{sold out}." */
  found: (count: number, limits: string, title: string, priced: string, soldOut: boolean) => string;
  /** Nothing had every option asked; these are the same kind without `missing`. `priced` as `price` says it. */
  partial: (missing: string, title: string, priced: string) => string;
  /** Nothing within the price limits; the nearest is `title` `priced` ("at $20"). */
  overBudget: (limits: string, title: string, priced: string) => string;
  nothing: string;
  /** A store question the configured policies do not answer. */
  noPolicy: string;
  under: (price: string) => string;
  between: (low: string, high: string) => string;
  from: (price: string) => string;
  cheap: string;
  /** A price after a title: "at $20", or "from $20" when it is the lowest of a range. */
  price: (price: string, from: boolean) => string;
  /** Quick reply that asks for a kind of product: "Show me {kind}". */
  showMe: (kind: string) => string;
}

const en: Messages = {
  greeting: "Hi! I'm your shopping assistant. Tell me what you're looking for, like blue light glasses, a foundation for your skin tone or red running shoes under $100.",
  found: (n, limits, title, price, soldOut) => `I found ${n === 1 ? 'one product' : `${n} products`}${limits}. My top pick is the ${title} ${price}${soldOut ? ", though it's sold out right now" : ''}.`,
  partial: (missing, title, price) => `I couldn't find anything in ${missing}. The closest I have is the ${title} ${price}. Would another option work for you?`,
  overBudget: (limits, title, price) => `I have nothing${limits}. The nearest is the ${title} ${price}, which is over your budget. Shall I show you more like it, or is there a different budget?`,
  nothing: "Sorry, I couldn't find anything matching that. What kind of product are you looking for? Here is what I carry:",
  noPolicy: "I don't have that information here. The store's policy pages or customer service will have the answer.",
  under: (p) => ` under ${p}`,
  between: (a, b) => ` between ${a} and ${b}`,
  from: (p) => ` from ${p}`,
  cheap: ' at the lower end of the price range',
  showMe: (kind) => `Show me ${kind.toLowerCase()}`,
  price: (p, from) => (from ? `from ${p}` : `at ${p}`),
};

const fr: Messages = {
  greeting: "Bonjour ! Je suis votre assistant shopping. Dites-moi ce que vous cherchez, par exemple des lunettes anti-lumière bleue ou un fond de teint pour votre carnation.",
  found: (n, limits, title, price, soldOut) => `J'ai trouvé ${n === 1 ? 'un produit' : `${n} produits`}${limits}. Mon premier choix : ${title} ${price}${soldOut ? ', actuellement épuisé' : ''}.`,
  partial: (missing, title, price) => `Je n'ai rien trouvé en ${missing}. Le plus proche est ${title} ${price}. Une autre option vous conviendrait-elle ?`,
  overBudget: (limits, title, price) => `Je n'ai rien${limits}. Le plus proche est ${title} ${price}, au-dessus de votre budget. Voulez-vous voir des articles similaires, ou un autre budget ?`,
  nothing: "Désolé, je n'ai rien trouvé qui corresponde. Quel type de produit cherchez-vous ? Voici ce que je propose :",
  noPolicy: "Je n'ai pas cette information ici. Les pages d'informations de la boutique ou le service client vous répondront.",
  under: (p) => ` à moins de ${p}`,
  between: (a, b) => ` entre ${a} et ${b}`,
  from: (p) => ` à partir de ${p}`,
  cheap: ' parmi les moins chers',
  showMe: (kind) => `Voir : ${kind}`,
  price: (p, from) => (from ? `à partir de ${p}` : `à ${p}`),
};

const de: Messages = {
  greeting: 'Hallo! Ich bin Ihr Einkaufsassistent. Sagen Sie mir, was Sie suchen, zum Beispiel eine Blaulichtbrille oder ein Make-up für Ihren Hautton.',
  found: (n, limits, title, price, soldOut) => `Ich habe ${n === 1 ? 'ein Produkt' : `${n} Produkte`}${limits} gefunden. Meine Empfehlung: ${title} ${price}${soldOut ? ', derzeit leider ausverkauft' : ''}.`,
  partial: (missing, title, price) => `In ${missing} habe ich nichts gefunden. Am nächsten kommt ${title} ${price}. Wäre eine andere Variante für Sie in Ordnung?`,
  overBudget: (limits, title, price) => `Ich habe nichts${limits}. Am nächsten kommt ${title} ${price}, das liegt über Ihrem Budget. Soll ich Ähnliches zeigen, oder passt ein anderes Budget?`,
  nothing: 'Leider habe ich dazu nichts gefunden. Welche Art von Produkt suchen Sie? Das führe ich:',
  noPolicy: 'Diese Information habe ich hier nicht. Die Informationsseiten des Shops oder der Kundenservice helfen weiter.',
  under: (p) => ` unter ${p}`,
  between: (a, b) => ` zwischen ${a} und ${b}`,
  from: (p) => ` ab ${p}`,
  cheap: ' im unteren Preisbereich',
  showMe: (kind) => `${kind} zeigen`,
  price: (p, from) => (from ? `ab ${p}` : `für ${p}`),
};

const es: Messages = {
  greeting: '¡Hola! Soy tu asistente de compras. Dime qué buscas, por ejemplo gafas con filtro de luz azul o una base para tu tono de piel.',
  found: (n, limits, title, price, soldOut) => `He encontrado ${n === 1 ? 'un producto' : `${n} productos`}${limits}. Mi primera opción es ${title} ${price}${soldOut ? ', aunque ahora está agotado' : ''}.`,
  partial: (missing, title, price) => `No he encontrado nada en ${missing}. Lo más parecido es ${title} ${price}. ¿Te serviría otra opción?`,
  overBudget: (limits, title, price) => `No tengo nada${limits}. Lo más cercano es ${title} ${price}, por encima de tu presupuesto. ¿Te muestro opciones parecidas o prefieres otro presupuesto?`,
  nothing: 'Lo siento, no he encontrado nada que coincida. ¿Qué tipo de producto buscas? Esto es lo que tengo:',
  noPolicy: 'No tengo esa información aquí. Las páginas de información de la tienda o atención al cliente te ayudarán.',
  under: (p) => ` por menos de ${p}`,
  between: (a, b) => ` entre ${a} y ${b}`,
  from: (p) => ` desde ${p}`,
  cheap: ' entre los más baratos',
  showMe: (kind) => `Ver ${kind.toLowerCase()}`,
  price: (p, from) => (from ? `desde ${p}` : `por ${p}`),
};

const ar: Messages = {
  greeting: 'مرحبا! أنا مساعدك في التسوق. أخبرني عما تبحث عنه، مثل نظارات حماية من الضوء الأزرق أو كريم أساس يناسب لون بشرتك.',
  found: (n, limits, title, price, soldOut) => `وجدت ${n === 1 ? 'منتجا واحدا' : `${n} منتجات`}${limits}. اختياري الأول هو ${title} ${price}${soldOut ? '، لكنه غير متوفر حاليا' : ''}.`,
  partial: (missing, title, price) => `لم أجد شيئا بـ ${missing}. الأقرب هو ${title} ${price}. هل يناسبك خيار آخر؟`,
  overBudget: (limits, title, price) => `ليس لدي شيء${limits}. الأقرب هو ${title} ${price}، وهو أعلى من ميزانيتك. هل أعرض عليك منتجات مشابهة، أم تفضل ميزانية أخرى؟`,
  nothing: 'عذرا، لم أجد ما يطابق طلبك. ما نوع المنتج الذي تبحث عنه؟ هذا ما لدي:',
  noPolicy: 'ليست لدي هذه المعلومة هنا. ستجد الإجابة في صفحات سياسات المتجر أو لدى خدمة العملاء.',
  under: (p) => ` بأقل من ${p}`,
  between: (a, b) => ` بين ${a} و${b}`,
  from: (p) => ` من ${p}`,
  cheap: ' من الأرخص',
  showMe: (kind) => `اعرض ${kind}`,
  price: (p, from) => (from ? `بسعر يبدأ من ${p}` : `بسعر ${p}`),
};

const MESSAGES: Readonly<Record<AnswerLanguage, Messages>> = { en, fr, de, es, ar };

/** The language of `locale` ('fr-CA' is French), English for anything else or nothing. */
export function languageOf(locale: unknown): AnswerLanguage {
  const tag = typeof locale === 'string' ? locale.slice(0, 2).toLowerCase() : '';
  return Object.hasOwn(MESSAGES, tag) ? (tag as AnswerLanguage) : 'en';
}

export function messagesFor(locale: unknown): Messages {
  return MESSAGES[languageOf(locale)];
}

/**
 * Formats amounts in the catalog's currency the way the shopper's locale writes them. The locale
 * comes from the page and may be malformed: then en-US, rather than failing the answer.
 */
export function moneyFormatter(locale: unknown): (amount: number, currency: string) => string {
  return (amount, currency) => {
    try {
      return new Intl.NumberFormat(typeof locale === 'string' ? locale : 'en-US', { style: 'currency', currency }).format(amount);
    } catch {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
    }
  };
}
