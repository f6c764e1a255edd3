import type { UiStrings } from './strings.js';

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'yi', 'ku', 'dv']);

/** The three labels the launcher needs before the panel (and its full string tables) has loaded. */
type LauncherStrings = Pick<UiStrings, 'openChat' | 'closeChat' | 'unread'>;

const LAUNCHER: Record<string, [string, string, string]> = {
  en: ['Open shopping assistant', 'Close shopping assistant', 'unread messages'],
  fr: ["Ouvrir l'assistant shopping", "Fermer l'assistant shopping", 'messages non lus'],
  de: ['Einkaufsassistent öffnen', 'Einkaufsassistent schließen', 'ungelesene Nachrichten'],
  es: ['Abrir el asistente de compras', 'Cerrar el asistente de compras', 'mensajes sin leer'],
  ar: ['فتح مساعد التسوق', 'إغلاق مساعد التسوق', 'رسائل غير مقروءة'],
};

export interface ResolvedLocale {
  /** BCP 47 tag used for Intl formatting. */
  locale: string;
  /** Primary language subtag, lower case: picks the built-in string table. */
  language: string;
  dir: 'ltr' | 'rtl';
}

/** Normalises the requested locale; an invalid tag from page markup falls back to English. */
export function resolveLocale(requested: string | undefined): ResolvedLocale {
  let locale = 'en';
  try {
    if (requested) locale = Intl.getCanonicalLocales(requested)[0] ?? 'en';
  } catch {
    // keep English
  }
  const language = locale.split('-')[0]!.toLowerCase();
  return { locale, language, dir: RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr' };
}

export function launcherStrings(language: string, overrides: Partial<UiStrings>): LauncherStrings {
  const [openChat, closeChat, unread] = LAUNCHER[language] ?? LAUNCHER.en!;
  return { openChat, closeChat, unread, ...pick(overrides) };
}

function pick(o: Partial<UiStrings>): Partial<LauncherStrings> {
  const out: Partial<LauncherStrings> = {};
  if (o.openChat !== undefined) out.openChat = o.openChat;
  if (o.closeChat !== undefined) out.closeChat = o.closeChat;
  if (o.unread !== undefined) out.unread = o.unread;
  return out;
}
