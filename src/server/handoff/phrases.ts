import type { HandoffState } from '../../protocol/handoff.js';

/**
 * Shopper messages that ask for a person, in the widget's five UI languages. Matched on text that
 * was lower-cased with accents removed and typographic apostrophes made plain, so "Parler à
 * quelqu’un" and "parler a quelqu'un" are one case. Patterns are about the request (a verb of
 * talking with a word for a person, or a word for staff with "please"), not about one sentence;
 * a product question that mentions an agent in passing ("agent provocateur perfume") has neither.
 */
const BUILT_IN: readonly RegExp[] = [
  // en
  /\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+|the\s+|your\s+|some\s+)?(real\s+|live\s+)?(human|person|people|someone|somebody|agent|representative|rep|staff|operator|employee|customer\s+service)\b/,
  /\b(i\s+(want|need|would\s+like)|can\s+i\s+(get|have)|get\s+me|connect\s+me\s+(to|with))\s+(a\s+|an\s+|to\s+)?(real\s+|live\s+)?(human|person|agent|representative|someone|somebody|operator)\b/,
  /\b(human|real\s+person|live\s+agent|agent|operator|representative)\s*(please|pls|now)\b/,
  // fr
  /\bparler\s+(a|avec)\s+(un|une|quelqu'?\s?un|des|votre|un\s+vrai|une\s+vraie)\b/,
  /\b(humain|conseiller|conseillere|agent|vendeur|vendeuse)\s*(svp|stp|s'il\s+vous\s+plait|s'il\s+te\s+plait)\b/,
  // de
  /\bmit\s+(einem|einer|jemandem|ihrem|ihrer|echten|einem\s+echten)\b.*\b(sprechen|reden|chatten)\b/,
  /\b(mensch|mitarbeiter|mitarbeiterin|berater|beraterin|agent)\s*,?\s*bitte\b/,
  // es
  /\bhablar\s+con\s+(una\s+persona|alguien|un\s+(humano|agente|asesor|representante|empleado)|una\s+(asesora|agente|empleada)|atencion\s+al\s+cliente)\b/,
  /\b(agente|humano|asesor|persona\s+real)\s*,?\s*por\s+favor\b/,
  // ar (no word boundaries: \b knows only ASCII letters)
  /(التحدث|أتحدث|اتحدث|أتكلم|اتكلم|تكلم|كلم|أكلم|اكلم)\s+(مع\s+)?(إنسان|انسان|شخص|موظف|وكيل|أحد|احد|خدمة العملاء)/,
  /(موظف|إنسان|انسان|وكيل|شخص حقيقي)\s*(من فضلك|لو سمحت|رجاء)/,
];

/**
 * Words for a person or the service desk on their own: "Kundenservice", "une vraie personne",
 * "customer service please". They ask for a person only when they are (nearly) the whole message;
 * in a longer one they are usually its subject ("Does the Kundenservice deliver on Sunday?").
 */
const ALONE: readonly RegExp[] = [
  /\b(customer\s+(service|support|care)|real\s+person|live\s+agent|human\s+agent)\b/,
  /\b(vraie\s+personne|etre\s+humain|service\s+client)\b/,
  /\b(echte[nr]?\s+(person|menschen|mensch)|kundenservice|kundendienst)\b/,
  /\b(persona\s+real|atencion\s+al\s+cliente|servicio\s+al\s+cliente)\b/,
  /(خدمة العملاء|شخص حقيقي)/,
];
/** Words at most in a message that is only one of `ALONE`'s, greetings and "please" not counted. */
const ALONE_MAX_WORDS = 3;
/** Greetings and "please" in the five languages, which do not make a message longer. */
const COURTESY = /\b(please|pls|hi|hello|hey|svp|stp|s'il\s+vous\s+plait|merci|bonjour|salut|bitte|danke|hallo|por\s+favor|gracias|hola)\b|(من فضلك|لو سمحت|مرحبا)/g;

/** Text as the patterns expect it. */
function normalise(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\u2019\u2018`´]/g, "'");
}

/** Whether a shopper message asks for a person; `extra` patterns see the same normalised text. */
export function asksForPerson(text: string, extra: readonly RegExp[] = []): boolean {
  const plain = normalise(text);
  if (BUILT_IN.some((pattern) => pattern.test(plain)) || extra.some((pattern) => pattern.test(plain))) return true;
  const words = plain.replace(COURTESY, ' ').split(/[\s,.!?¿¡;:]+/).filter((word) => word !== '').length;
  return words <= ALONE_MAX_WORDS && ALONE.some((pattern) => pattern.test(plain));
}

interface WaitTexts {
  waiting: string;
  /** Appended when an expected wait is known. */
  wait: (minutes: number) => string;
  closed: string;
}

const TEXTS: Record<'en' | 'fr' | 'de' | 'es' | 'ar', WaitTexts> = {
  en: {
    waiting: 'A team member will reply here.',
    wait: (m) => ` Expected wait: about ${m} minute${m === 1 ? '' : 's'}.`,
    closed: 'Nobody from our team can answer right now. Leave your email address and we will reply to you there.',
  },
  fr: {
    waiting: 'Un membre de notre équipe va vous répondre ici.',
    wait: (m) => ` Attente estimée : environ ${m} minute${m === 1 ? '' : 's'}.`,
    closed: 'Personne de notre équipe ne peut répondre pour le moment. Laissez votre adresse e-mail et nous vous répondrons.',
  },
  de: {
    waiting: 'Jemand aus unserem Team antwortet Ihnen hier.',
    wait: (m) => ` Voraussichtliche Wartezeit: etwa ${m} Minute${m === 1 ? '' : 'n'}.`,
    closed: 'Gerade kann niemand aus unserem Team antworten. Hinterlassen Sie Ihre E-Mail-Adresse, und wir antworten Ihnen dort.',
  },
  es: {
    waiting: 'Una persona de nuestro equipo te responderá aquí.',
    wait: (m) => ` Espera estimada: unos ${m} minuto${m === 1 ? '' : 's'}.`,
    closed: 'Ahora mismo nadie de nuestro equipo puede responder. Déjanos tu correo electrónico y te responderemos.',
  },
  ar: {
    waiting: 'سيرد عليك أحد أعضاء فريقنا هنا.',
    wait: (m) => ` وقت الانتظار المتوقع: حوالي ${m} دقيقة.`,
    closed: 'لا يمكن لأحد من فريقنا الرد الآن. اترك بريدك الإلكتروني وسنرد عليك.',
  },
};

/** The text that answers a hand-off, in the shopper's language (English when not one of the five). */
export function waitText(state: HandoffState, locale: string | undefined): string {
  const language = (locale ?? 'en').slice(0, 2).toLowerCase();
  const texts = TEXTS[language as keyof typeof TEXTS] ?? TEXTS.en;
  if (state.askContact) return texts.closed;
  if (state.expectedWaitMs === undefined) return texts.waiting;
  return texts.waiting + texts.wait(Math.max(1, Math.round(state.expectedWaitMs / 60_000)));
}
