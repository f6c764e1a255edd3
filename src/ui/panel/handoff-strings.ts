import type { HandoffStrings } from '../i18n/strings.js';

const EN: HandoffStrings = {
  talkToPerson: 'Talk to a person',
  available: 'A person is available',
  unavailable: 'Nobody from the team is online right now',
  requestQueued: 'You are offline. A person will be asked for as soon as you are back online.',
  requesting: 'Asking for a person…',
  requestFailed: 'Could not reach the team. Please try again.',
  waiting: 'A team member will reply here.',
  expectedWait: 'Expected wait: {wait}.',
  underMinute: 'less than a minute',
  askContact: 'The team is away right now. Leave your email and we will reply by email.',
  emailLabel: 'Your email',
  emailSend: 'Send',
  emailInvalid: 'Please enter a valid email address, like name@example.com.',
  emailFailed: 'Could not send your email address. Please try again.',
  emailSending: 'Sending…',
  contactLeft: "We'll reply by email.",
  withOperator: 'You are talking with {name}.',
  backToAssistant: 'You are back with the assistant.',
  newMessage: 'New message',
};

const FR: HandoffStrings = {
  talkToPerson: 'Parler à une personne',
  available: 'Une personne est disponible',
  unavailable: "Personne de l'équipe n'est en ligne pour le moment",
  requestQueued: 'Vous êtes hors ligne. Une personne sera demandée dès le retour du réseau.',
  requesting: "Demande d'une personne…",
  requestFailed: "Impossible de joindre l'équipe. Veuillez réessayer.",
  waiting: "Un membre de l'équipe vous répondra ici.",
  expectedWait: 'Attente estimée : {wait}.',
  underMinute: "moins d'une minute",
  askContact: "L'équipe est absente pour le moment. Laissez votre e-mail et nous vous répondrons par e-mail.",
  emailLabel: 'Votre e-mail',
  emailSend: 'Envoyer',
  emailInvalid: 'Veuillez saisir une adresse e-mail valide, par exemple nom@exemple.fr.',
  emailFailed: "Impossible d'envoyer votre adresse e-mail. Veuillez réessayer.",
  emailSending: 'Envoi…',
  contactLeft: 'Nous vous répondrons par e-mail.',
  withOperator: 'Vous discutez avec {name}.',
  backToAssistant: "Vous êtes de retour avec l'assistant.",
  newMessage: 'Nouveau message',
};

const DE: HandoffStrings = {
  talkToPerson: 'Mit einem Menschen sprechen',
  available: 'Jemand ist erreichbar',
  unavailable: 'Gerade ist niemand aus dem Team online',
  requestQueued: 'Sie sind offline. Sobald Sie wieder online sind, wird jemand angefragt.',
  requesting: 'Jemand wird angefragt…',
  requestFailed: 'Das Team ist nicht erreichbar. Bitte versuchen Sie es erneut.',
  waiting: 'Jemand aus dem Team antwortet Ihnen hier.',
  expectedWait: 'Voraussichtliche Wartezeit: {wait}.',
  underMinute: 'weniger als eine Minute',
  askContact: 'Das Team ist gerade nicht da. Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten per E-Mail.',
  emailLabel: 'Ihre E-Mail-Adresse',
  emailSend: 'Senden',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, etwa name@beispiel.de.',
  emailFailed: 'Ihre E-Mail-Adresse konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
  emailSending: 'Wird gesendet…',
  contactLeft: 'Wir antworten Ihnen per E-Mail.',
  withOperator: 'Sie schreiben mit {name}.',
  backToAssistant: 'Sie sind wieder beim Assistenten.',
  newMessage: 'Neue Nachricht',
};

const ES: HandoffStrings = {
  talkToPerson: 'Hablar con una persona',
  available: 'Hay una persona disponible',
  unavailable: 'Ahora mismo no hay nadie del equipo en línea',
  requestQueued: 'Estás sin conexión. Pediremos una persona en cuanto vuelvas a estar en línea.',
  requesting: 'Pidiendo una persona…',
  requestFailed: 'No se pudo contactar con el equipo. Inténtalo de nuevo.',
  waiting: 'Una persona del equipo te responderá aquí.',
  expectedWait: 'Espera estimada: {wait}.',
  underMinute: 'menos de un minuto',
  askContact: 'El equipo no está disponible ahora. Deja tu correo y te responderemos por correo.',
  emailLabel: 'Tu correo electrónico',
  emailSend: 'Enviar',
  emailInvalid: 'Introduce un correo electrónico válido, como nombre@ejemplo.es.',
  emailFailed: 'No se pudo enviar tu correo electrónico. Inténtalo de nuevo.',
  emailSending: 'Enviando…',
  contactLeft: 'Te responderemos por correo electrónico.',
  withOperator: 'Estás hablando con {name}.',
  backToAssistant: 'Has vuelto con el asistente.',
  newMessage: 'Nuevo mensaje',
};

const AR: HandoffStrings = {
  talkToPerson: 'التحدث إلى شخص',
  available: 'يوجد شخص متاح الآن',
  unavailable: 'لا أحد من الفريق متصل الآن',
  requestQueued: 'أنت غير متصل. سنطلب شخصًا فور عودة الاتصال.',
  requesting: 'جارٍ طلب شخص…',
  requestFailed: 'تعذّر الوصول إلى الفريق. يُرجى المحاولة مرة أخرى.',
  waiting: 'سيردّ عليك أحد أعضاء الفريق هنا.',
  expectedWait: 'مدة الانتظار المتوقعة: {wait}.',
  underMinute: 'أقل من دقيقة',
  askContact: 'الفريق غير متاح الآن. اترك بريدك الإلكتروني وسنردّ عليك عبره.',
  emailLabel: 'بريدك الإلكتروني',
  emailSend: 'إرسال',
  emailInvalid: 'يُرجى إدخال بريد إلكتروني صالح، مثل name@example.com.',
  emailFailed: 'تعذّر إرسال بريدك الإلكتروني. يُرجى المحاولة مرة أخرى.',
  emailSending: 'جارٍ الإرسال…',
  contactLeft: 'سنردّ عليك عبر البريد الإلكتروني.',
  withOperator: 'أنت تتحدث مع {name}.',
  backToAssistant: 'عدت إلى المساعد.',
  newMessage: 'رسالة جديدة',
};

const TABLES: Readonly<Record<string, HandoffStrings>> = { en: EN, fr: FR, de: DE, es: ES, ar: AR };

export function handoffStrings(language: string): HandoffStrings {
  return TABLES[language] ?? EN;
}

/**
 * The expected wait as a person would say it: under a minute, whole minutes (to the nearest five
 * past ten), whole hours past ninety minutes; in the shopper's language through Intl.
 */
export function humanWait(ms: number, language: string, strings: HandoffStrings): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return strings.underMinute;
  const [value, unit] = minutes > 90 ? [Math.round(minutes / 60), 'hour'] : [minutes > 10 ? Math.round(minutes / 5) * 5 : Math.round(minutes), 'minute'];
  try {
    return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  } catch {
    return `${value} ${unit}${value === 1 ? '' : 's'}`;
  }
}
