import type { FaceAttributes } from '../../../protocol/index.js';
import { languageOf, type AnswerLanguage } from './messages.js';

export type FaceShape = NonNullable<FaceAttributes['faceShape']>;
export type ToneBand = NonNullable<FaceAttributes['skinTone']>['band'];

/**
 * What the catalog responder says about a face: the shapes and tone bands as adjectives agreeing
 * with the language's word for face and skin, and the sentences around them. Kept apart from the
 * text answers' table because only the face answer and the "for a round face" limit need them.
 */
export interface FaceMessages {
  /** A face shape as the adjective of this language's "face" ("rond", "rundes"). */
  shapes: Readonly<Record<FaceShape, string>>;
  /** A tone band as the adjective of this language's "skin" ("mate", "gebräunte"). */
  bands: Readonly<Record<ToneBand, string>>;
  /** " for a round or oval face": the limit a search answer repeats, from `shapes` adjectives. */
  forFace: (shapes: readonly string[]) => string;
  /** " for tan or brown skin", from `bands` adjectives. */
  forSkin: (bands: readonly string[]) => string;
  /** "From the analysis on your device, you have a round face and tan skin." Either may be absent. */
  analysed: (shape: string | undefined, band: string | undefined) => string;
  unclear: string;
  /** Why frames of a kind suit a face shape, in a sentence. */
  advice: Readonly<Record<FaceShape, string>>;
  /** `priced` is the catalog answers' `price` phrase ("at $20", "from $20"). */
  topFrame: (title: string, priced: string) => string;
  startShade: (band: string, title: string, priced: string) => string;
  noShape: string;
  noTone: string;
  /** Neither shape nor tone could be told. */
  noneTold: string;
  /** Quick reply labels. */
  frames: (shape: string) => string;
  sunglasses: (shape: string) => string;
  foundation: (band: string) => string;
  lipstick: (band: string) => string;
  eyewear: string;
}

const an = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

const en: FaceMessages = {
  shapes: { oval: 'oval', round: 'round', square: 'square', heart: 'heart-shaped', oblong: 'oblong', diamond: 'diamond-shaped' },
  bands: { 'very-light': 'very light', light: 'light', intermediate: 'intermediate', tan: 'tan', brown: 'brown', dark: 'dark' },
  forFace: (s) => ` for ${an(s[0] ?? '')} ${s.join(' or ')} face`,
  forSkin: (b) => ` for ${b.join(' or ')} skin`,
  analysed: (shape, band) => `From the analysis on your device, you have ${[shape && `${an(shape)} ${shape} face`, band && `${band} skin`].filter(Boolean).join(' and ')}.`,
  unclear: "The picture wasn't very clear, so take this as a starting point.",
  advice: {
    oval: 'Oval faces are balanced, so most frames work; these keep that balance.',
    round: 'Angular, square and rectangular frames add definition to a round face.',
    square: 'Round and oval frames soften the strong angles of a square face.',
    heart: 'Light frames and styles with width lower down balance a wider forehead.',
    oblong: 'Deep frames with a strong brow shorten a longer face.',
    diamond: 'Cat-eye, oval and browline frames soften wide cheekbones.',
  },
  topFrame: (title, price) => `My top frame pick is the ${title} ${price}.`,
  startShade: (band, title, price) => `For ${band} skin, start with the ${title} ${price}.`,
  noShape: 'I couldn\'t tell your face shape: ask me about frames in words, like "frames for a round face".',
  noTone: 'I couldn\'t tell your skin tone: ask me about shades in words, like "foundation for tan skin".',
  noneTold: "Sorry, I couldn't tell your face shape or skin tone from that picture. Even light and looking straight at the camera usually help. "
    + 'You can also just tell me, for example "frames for a round face" or "foundation for tan skin".',
  frames: (s) => `Frames for ${an(s)} ${s} face`,
  sunglasses: (s) => `Sunglasses for ${an(s)} ${s} face`,
  foundation: (b) => `Foundation for ${b} skin`,
  lipstick: (b) => `Lipstick for ${b} skin`,
  eyewear: 'Show me eyewear',
};

const fr: FaceMessages = {
  shapes: { oval: 'ovale', round: 'rond', square: 'carré', heart: 'en cœur', oblong: 'allongé', diamond: 'en losange' },
  bands: { 'very-light': 'très claire', light: 'claire', intermediate: 'intermédiaire', tan: 'mate', brown: 'brune', dark: 'foncée' },
  forFace: (s) => ` pour un visage ${s.join(' ou ')}`,
  forSkin: (b) => ` pour une peau ${b.join(' ou ')}`,
  analysed: (shape, band) => `D'après l'analyse faite sur votre appareil, vous avez ${[shape && `un visage ${shape}`, band && `une peau ${band}`].filter(Boolean).join(' et ')}.`,
  unclear: "La photo n'était pas très nette : prenez ceci comme un point de départ.",
  advice: {
    oval: 'Un visage ovale est équilibré : presque toutes les montures lui vont, celles-ci gardent cet équilibre.',
    round: 'Les montures anguleuses, carrées et rectangulaires structurent un visage rond.',
    square: 'Les montures rondes et ovales adoucissent les angles marqués d\'un visage carré.',
    heart: 'Des montures légères, plus larges vers le bas, équilibrent un front large.',
    oblong: 'Des montures hautes au sourcil marqué raccourcissent un visage allongé.',
    diamond: 'Les montures papillon, ovales et à sourcil adoucissent des pommettes larges.',
  },
  topFrame: (title, price) => `Ma monture préférée pour vous : ${title} ${price}.`,
  startShade: (band, title, price) => `Pour une peau ${band}, commencez par ${title} ${price}.`,
  noShape: 'Je n\'ai pas pu déterminer la forme de votre visage : décrivez-moi ce que vous cherchez en montures.',
  noTone: 'Je n\'ai pas pu déterminer votre carnation : décrivez-moi ce que vous cherchez en teintes.',
  noneTold: "Désolé, je n'ai pu déterminer ni la forme de votre visage ni votre carnation sur cette photo. Une lumière uniforme et un regard face à l'objectif aident souvent. "
    + 'Vous pouvez aussi me le dire, par exemple avec les suggestions ci-dessous.',
  frames: (s) => `Montures pour un visage ${s}`,
  sunglasses: (s) => `Lunettes de soleil pour un visage ${s}`,
  foundation: (b) => `Fond de teint pour une peau ${b}`,
  lipstick: (b) => `Rouge à lèvres pour une peau ${b}`,
  eyewear: 'Voir les lunettes',
};

const de: FaceMessages = {
  shapes: { oval: 'ovales', round: 'rundes', square: 'eckiges', heart: 'herzförmiges', oblong: 'längliches', diamond: 'rautenförmiges' },
  bands: { 'very-light': 'sehr helle', light: 'helle', intermediate: 'mittlere', tan: 'gebräunte', brown: 'braune', dark: 'dunkle' },
  forFace: (s) => ` für ein ${s.join(' oder ')} Gesicht`,
  forSkin: (b) => ` für ${b.join(' oder ')} Haut`,
  analysed: (shape, band) => `Laut der Analyse auf Ihrem Gerät haben Sie ${[shape && `ein ${shape} Gesicht`, band && `${band} Haut`].filter(Boolean).join(' und ')}.`,
  unclear: 'Das Bild war nicht sehr deutlich, sehen Sie dies also als Ausgangspunkt.',
  advice: {
    oval: 'Ein ovales Gesicht ist ausgewogen, daher passen fast alle Fassungen; diese erhalten die Balance.',
    round: 'Kantige, eckige und rechteckige Fassungen geben einem runden Gesicht mehr Kontur.',
    square: 'Runde und ovale Fassungen mildern die markanten Winkel eines eckigen Gesichts.',
    heart: 'Leichte Fassungen, die unten breiter sind, gleichen eine breite Stirn aus.',
    oblong: 'Hohe Fassungen mit betonter Oberkante lassen ein längliches Gesicht kürzer wirken.',
    diamond: 'Cat-Eye-, ovale und Browline-Fassungen mildern breite Wangenknochen.',
  },
  topFrame: (title, price) => `Meine Empfehlung bei den Fassungen: ${title} ${price}.`,
  startShade: (band, title, price) => `Für ${band} Haut empfehle ich zuerst ${title} ${price}.`,
  noShape: 'Ihre Gesichtsform konnte ich nicht erkennen: beschreiben Sie mir gern, welche Fassung Sie suchen.',
  noTone: 'Ihren Hautton konnte ich nicht erkennen: beschreiben Sie mir gern, welchen Farbton Sie suchen.',
  noneTold: 'Leider konnte ich auf diesem Bild weder Ihre Gesichtsform noch Ihren Hautton erkennen. Gleichmäßiges Licht und ein gerader Blick in die Kamera helfen meist. '
    + 'Sie können es mir auch einfach sagen, zum Beispiel mit den Vorschlägen unten.',
  frames: (s) => `Brillen für ein ${s} Gesicht`,
  sunglasses: (s) => `Sonnenbrillen für ein ${s} Gesicht`,
  foundation: (b) => `Foundation für ${b} Haut`,
  lipstick: (b) => `Lippenstift für ${b} Haut`,
  eyewear: 'Brillen zeigen',
};

const es: FaceMessages = {
  shapes: { oval: 'ovalado', round: 'redondo', square: 'cuadrado', heart: 'en forma de corazón', oblong: 'alargado', diamond: 'en forma de diamante' },
  bands: { 'very-light': 'muy clara', light: 'clara', intermediate: 'intermedia', tan: 'bronceada', brown: 'morena', dark: 'oscura' },
  forFace: (s) => ` para un rostro ${s.join(' o ')}`,
  forSkin: (b) => ` para piel ${b.join(' o ')}`,
  analysed: (shape, band) => `Según el análisis hecho en tu dispositivo, tienes ${[shape && `un rostro ${shape}`, band && `piel ${band}`].filter(Boolean).join(' y ')}.`,
  unclear: 'La imagen no era muy nítida, así que tómalo como un punto de partida.',
  advice: {
    oval: 'Un rostro ovalado es equilibrado, así que casi todas las monturas quedan bien; estas mantienen ese equilibrio.',
    round: 'Las monturas angulosas, cuadradas y rectangulares dan definición a un rostro redondo.',
    square: 'Las monturas redondas y ovaladas suavizan los ángulos marcados de un rostro cuadrado.',
    heart: 'Las monturas ligeras y más anchas en la parte inferior equilibran una frente ancha.',
    oblong: 'Las monturas altas con ceja marcada acortan un rostro alargado.',
    diamond: 'Las monturas cat-eye, ovaladas y browline suavizan unos pómulos anchos.',
  },
  topFrame: (title, price) => `Mi montura favorita para ti es ${title} ${price}.`,
  startShade: (band, title, price) => `Para piel ${band}, empieza por ${title} ${price}.`,
  noShape: 'No he podido saber la forma de tu rostro: cuéntame con palabras qué monturas buscas.',
  noTone: 'No he podido saber tu tono de piel: cuéntame con palabras qué tonos buscas.',
  noneTold: 'Lo siento, no he podido saber la forma de tu rostro ni tu tono de piel con esa imagen. Una luz uniforme y mirar de frente a la cámara suelen ayudar. '
    + 'También puedes decírmelo, por ejemplo con las sugerencias de abajo.',
  frames: (s) => `Monturas para un rostro ${s}`,
  sunglasses: (s) => `Gafas de sol para un rostro ${s}`,
  foundation: (b) => `Base de maquillaje para piel ${b}`,
  lipstick: (b) => `Pintalabios para piel ${b}`,
  eyewear: 'Ver gafas',
};

const ar: FaceMessages = {
  shapes: { oval: 'بيضاوي', round: 'مستدير', square: 'مربع', heart: 'على شكل قلب', oblong: 'طويل', diamond: 'ماسي الشكل' },
  bands: { 'very-light': 'فاتحة جدا', light: 'فاتحة', intermediate: 'متوسطة', tan: 'حنطية', brown: 'سمراء', dark: 'داكنة' },
  forFace: (s) => ` لوجه ${s.join(' أو ')}`,
  forSkin: (b) => ` لبشرة ${b.join(' أو ')}`,
  analysed: (shape, band) => `بحسب التحليل على جهازك، لديك ${[shape && `وجه ${shape}`, band && `بشرة ${band}`].filter(Boolean).join(' و')}.`,
  unclear: 'لم تكن الصورة واضحة جدا، فاعتبر هذا نقطة بداية.',
  advice: {
    oval: 'الوجه البيضاوي متوازن، لذا تناسبه معظم الإطارات، وهذه تحافظ على هذا التوازن.',
    round: 'الإطارات الحادة والمربعة والمستطيلة تمنح الوجه المستدير ملامح أوضح.',
    square: 'الإطارات المستديرة والبيضاوية تخفف الزوايا الحادة للوجه المربع.',
    heart: 'الإطارات الخفيفة الأعرض من الأسفل توازن الجبهة العريضة.',
    oblong: 'الإطارات العميقة ذات الحافة العلوية البارزة تقصّر الوجه الطويل.',
    diamond: 'إطارات عين القطة والبيضاوية وذات الحافة العلوية تخفف عظام الوجنتين العريضة.',
  },
  topFrame: (title, price) => `اختياري الأول من الإطارات هو ${title} ${price}.`,
  startShade: (band, title, price) => `لبشرة ${band}، ابدأ بـ ${title} ${price}.`,
  noShape: 'لم أتمكن من تحديد شكل وجهك: صف لي الإطارات التي تبحث عنها بالكلمات.',
  noTone: 'لم أتمكن من تحديد لون بشرتك: صف لي الدرجات التي تبحث عنها بالكلمات.',
  noneTold: 'عذرا، لم أتمكن من تحديد شكل وجهك ولا لون بشرتك من هذه الصورة. الإضاءة المتساوية والنظر مباشرة إلى الكاميرا يساعدان عادة. '
    + 'يمكنك أيضا أن تخبرني، مثلا بالاقتراحات أدناه.',
  frames: (s) => `إطارات لوجه ${s}`,
  sunglasses: (s) => `نظارات شمسية لوجه ${s}`,
  foundation: (b) => `كريم أساس لبشرة ${b}`,
  lipstick: (b) => `أحمر شفاه لبشرة ${b}`,
  eyewear: 'اعرض النظارات',
};

const FACE_MESSAGES: Readonly<Record<AnswerLanguage, FaceMessages>> = { en, fr, de, es, ar };

/** The face words of `locale`'s language, English for anything else or nothing. */
export function faceMessagesFor(locale: unknown): FaceMessages {
  return FACE_MESSAGES[languageOf(locale)];
}
