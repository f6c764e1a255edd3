import type { Block } from '../../src/protocol';

/**
 * Hostile strings for the XSS suites (test/browser/xss.test.ts, test/ui/xss.test.ts).
 *
 * Each payload is a function of a numeric tag: whatever would run if the payload ever executed
 * calls the sentinel `XSS(tag)`, so a test knows not only that something ran but which payload,
 * delivered where. The browser suite exposes `XSS` to every frame of the page (including iframes
 * and data: documents), so `XSS(tag)` is detectable wherever it runs.
 *
 * `visible` lists what must still be readable as text when the payload is rendered as assistant
 * text (markdown): by default the payload itself, compared without whitespace and control
 * characters (markdown turns line breaks into <br>). Only markdown link tricks override it, with
 * the words the markdown subset keeps when it drops an unsafe link target.
 */
export interface XssPayload {
  /** Short stable name, used in failure messages. */
  name: string;
  group: PayloadGroup;
  make(tag: number): string;
  /** Fragments that must appear as text when rendered through markdown. @default [make(tag)] */
  visible?(tag: number): string[];
}

export type PayloadGroup =
  | 'script tag' | 'event handler' | 'javascript: url' | 'data: url' | 'other scheme' | 'svg and mathml'
  | 'markdown link' | 'template and quoting' | 'embedding element' | 'css';

const p = (group: PayloadGroup, name: string, make: (t: number) => string, visible?: (t: number) => string[]): XssPayload =>
  visible ? { group, name, make, visible } : { group, name, make };

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export const XSS_PAYLOADS: readonly XssPayload[] = [
  // ---- script tags ------------------------------------------------------------------------------
  p('script tag', 'plain script', (t) => `<script>XSS(${t})</script>`),
  p('script tag', 'upper-case script with data: src', (t) => `<SCRIPT SRC=data:text/javascript,XSS(${t})></SCRIPT>`),
  p('script tag', 'module script', (t) => `<script type="module">XSS(${t})</script>`),
  p('script tag', 'split script tag', (t) => `<scr<script>ipt>XSS(${t})</scr</script>ipt>`),
  p('script tag', 'attribute breakout double quote', (t) => `"><script>XSS(${t})</script>`),
  p('script tag', 'attribute breakout single quote', (t) => `'><script>XSS(${t})</script><'`),
  p('script tag', 'style breakout', (t) => `</style><script>XSS(${t})</script>`),
  p('script tag', 'textarea and title breakout', (t) => `</textarea></title><script>XSS(${t})</script>`),
  p('script tag', 'script in a comment breakout', (t) => `--><script>XSS(${t})</script><!--`),
  p('script tag', 'script with tab and slash', (t) => `<script\t/src="data:,XSS(${t})"></script>`),

  // ---- event handler attributes -----------------------------------------------------------------
  p('event handler', 'img onerror', (t) => `<img src=x onerror=XSS(${t})>`),
  p('event handler', 'img onerror slashes', (t) => `<img/src="x"/onerror="XSS(${t})">`),
  p('event handler', 'svg onload', (t) => `<svg onload=XSS(${t})>`),
  p('event handler', 'body onload', (t) => `<body onload=XSS(${t})>`),
  p('event handler', 'iframe onload', (t) => `<iframe onload=XSS(${t})></iframe>`),
  p('event handler', 'input autofocus onfocus', (t) => `<input autofocus onfocus=XSS(${t})>`),
  p('event handler', 'details ontoggle', (t) => `<details open ontoggle=XSS(${t})><summary>x</summary></details>`),
  p('event handler', 'video source onerror', (t) => `<video><source onerror="XSS(${t})"></video>`),
  p('event handler', 'div onmouseover', (t) => `<div onmouseover="XSS(${t})" style="position:fixed;inset:0">hover</div>`),
  p('event handler', 'anchor onclick', (t) => `<a href="#" onclick="XSS(${t});return false">click me</a>`),
  p('event handler', 'entity-encoded handler body', (t) => `<img src=x onerror="&#88;SS(${t})">`),
  p('event handler', 'handler after odd separator', (t) => `<img src=x\u000conerror=XSS(${t})>`),

  // ---- javascript: URLs ------------------------------------------------------------------------
  p('javascript: url', 'plain', (t) => `javascript:XSS(${t})`),
  p('javascript: url', 'mixed case', (t) => `JaVaScRiPt:XSS(${t})`),
  p('javascript: url', 'leading spaces', (t) => `   javascript:XSS(${t})`),
  p('javascript: url', 'tab inside scheme', (t) => `java\tscript:XSS(${t})`),
  p('javascript: url', 'newline inside scheme', (t) => `java\nscript:XSS(${t})`),
  p('javascript: url', 'NUL inside scheme', (t) => `java\u0000script:XSS(${t})`),
  p('javascript: url', 'leading control characters', (t) => `\u0001\u001f javascript:XSS(${t})`),
  p('javascript: url', 'carriage return before colon', (t) => `javascript\r:XSS(${t})`),
  p('javascript: url', 'zero-width space inside scheme', (t) => `java\u200bscript:XSS(${t})`),
  p('javascript: url', 'decimal entity', (t) => `&#106;avascript:XSS(${t})`),
  p('javascript: url', 'hex entities with colon', (t) => `&#x6A;avascript&#x3A;XSS(${t})`),
  p('javascript: url', 'named entity colon', (t) => `javascript&colon;XSS(${t})`),
  p('javascript: url', 'percent-encoded scheme', (t) => `%6Aavascript:XSS(${t})`),
  p('javascript: url', 'percent-encoded body', (t) => `javascript:%58SS(${t})`),
  p('javascript: url', 'comment and newline', (t) => `javascript://%0aXSS(${t})`),
  p('javascript: url', 'disguised as https', (t) => `javascript:XSS(${t})//https://shop.example/`),

  // ---- data: URLs ------------------------------------------------------------------------------
  p('data: url', 'text/html', (t) => `data:text/html,<script>XSS(${t})</script>`),
  p('data: url', 'text/html base64', (t) => `data:text/html;base64,${b64(`<script>XSS(${t})</script>`)}`),
  p('data: url', 'svg+xml', (t) => `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="XSS(${t})"/>`),
  p('data: url', 'svg+xml base64', (t) => `data:image/svg+xml;base64,${b64(`<svg xmlns="http://www.w3.org/2000/svg" onload="XSS(${t})"/>`)}`),
  p('data: url', 'upper case with leading space', (t) => ` DATA:text/html,<script>XSS(${t})</script>`),
  p('data: url', 'tab inside data scheme', (t) => `da\tta:text/html,<script>XSS(${t})</script>`),

  // ---- other schemes ---------------------------------------------------------------------------
  p('other scheme', 'vbscript', (t) => `vbscript:XSS(${t})`),
  p('other scheme', 'vbscript mixed case', (t) => `VbScRiPt:MsgBox(XSS(${t}))`),
  p('other scheme', 'livescript', (t) => `livescript:XSS(${t})`),

  // ---- SVG and MathML --------------------------------------------------------------------------
  p('svg and mathml', 'svg script', (t) => `<svg><script>XSS(${t})</script></svg>`),
  p('svg and mathml', 'svg anchor xlink:href', (t) => `<svg><a xlink:href="javascript:XSS(${t})"><text x="20" y="20">tap</text></a></svg>`),
  p('svg and mathml', 'svg animate onbegin', (t) => `<svg><animate onbegin=XSS(${t}) attributeName=x dur=1s>`),
  p('svg and mathml', 'svg set href', (t) => `<svg><a><set attributeName=href to=javascript:XSS(${t}) /><text y=20>tap</text></a></svg>`),
  p('svg and mathml', 'svg foreignObject iframe srcdoc', (t) => `<svg><foreignObject><iframe srcdoc="<script>parent.XSS(${t})</script>"></iframe></foreignObject></svg>`),
  p('svg and mathml', 'mathml mglyph style mutation', (t) => `<math><mtext><table><mglyph><style><img src=x onerror=XSS(${t})>`),
  p('svg and mathml', 'mathml href', (t) => `<math href="javascript:XSS(${t})"><mi>x</mi></math>`),
  p('svg and mathml', 'mathml maction xlink', (t) => `<math><maction actiontype="statusline" xlink:href="javascript:XSS(${t})">x</maction></math>`),

  // ---- markdown link tricks (rendered through the markdown subset) -------------------------------
  p('markdown link', 'link to javascript', (t) => `[click ${t}](javascript:XSS(${t}))`, (t) => [`click ${t}`]),
  p('markdown link', 'spaces before javascript', (t) => `[click ${t}](  javascript:XSS(${t}))`, (t) => [`click ${t}`]),
  p('markdown link', 'angle-bracketed javascript', (t) => `[click ${t}](<javascript:XSS(${t})>)`, (t) => [`click ${t}`]),
  p('markdown link', 'newline inside link target', (t) => `[click ${t}](java\nscript:XSS(${t}))`),
  p('markdown link', 'image syntax', (t) => `![pic ${t}](javascript:XSS(${t}))`, (t) => [`pic ${t}`]),
  p('markdown link', 'nested brackets', (t) => `[[inner ${t}](javascript:XSS(${t}))](https://shop.example/ok)`, (t) => [`inner ${t}`]),
  p('markdown link', 'reference style', (t) => `[click ${t}][evil]\n\n[evil]: javascript:XSS(${t})`),
  p('markdown link', 'autolink', (t) => `<javascript:XSS(${t})>`),
  p('markdown link', 'link with title', (t) => `[click ${t}](javascript:XSS(${t}) "title")`, (t) => [`click ${t}`]),
  p('markdown link', 'control character in target', (t) => `[click ${t}](\u0001javascript:XSS(${t}))`, (t) => [`click ${t}`]),
  p('markdown link', 'data: target', (t) => `[click ${t}](data:text/html;base64,${b64(`<script>XSS(${t})</script>`)})`, (t) => [`click ${t}`]),
  p('markdown link', 'bold around link', (t) => `**[bold ${t}](JAVASCRIPT:XSS(${t}))**`, (t) => [`bold ${t}`]),
  p('markdown link', 'quote breakout in https link', (t) => `[click ${t}](https://shop.example/"onmouseover="XSS(${t}))`, (t) => [`click ${t}`]),
  p('markdown link', 'bare https url with markup', (t) => `https://shop.example/<img src=x onerror=XSS(${t})>`),

  // ---- template, prototype and quoting tricks ----------------------------------------------------
  p('template and quoting', 'angular constructor', (t) => `{{constructor.constructor('XSS(${t})')()}}`),
  p('template and quoting', 'template literal', (t) => '${XSS(' + t + ')}'),
  p('template and quoting', 'single-quote breakout', (t) => `'-XSS(${t})-'`),
  p('template and quoting', 'double-quote breakout', (t) => `";XSS(${t});//`),
  p('template and quoting', 'dangerouslySetInnerHTML shape', (t) => `{"dangerouslySetInnerHTML":{"html":"<img src=x onerror=XSS(${t})>"}}`),
  p('template and quoting', 'noscript mutation', (t) => `<noscript><p title="</noscript><img src=x onerror=XSS(${t})>">`),

  // ---- embedding and navigation elements --------------------------------------------------------
  p('embedding element', 'iframe javascript src', (t) => `<iframe src="javascript:parent.XSS(${t})"></iframe>`),
  p('embedding element', 'iframe srcdoc', (t) => `<iframe srcdoc="<script>parent.XSS(${t})</script>"></iframe>`),
  p('embedding element', 'object data', (t) => `<object data="javascript:XSS(${t})"></object>`),
  p('embedding element', 'embed data: src', (t) => `<embed src="data:text/html,<script>XSS(${t})</script>">`),
  p('embedding element', 'base href', (t) => `<base href="javascript:XSS(${t})//">`),
  p('embedding element', 'meta refresh', (t) => `<meta http-equiv="refresh" content="0;url=javascript:XSS(${t})">`),
  p('embedding element', 'form action', (t) => `<form action="javascript:XSS(${t})"><button>go</button></form>`),
  p('embedding element', 'button formaction', (t) => `<form><button formaction="javascript:XSS(${t})">go</button></form>`),

  // ---- CSS -------------------------------------------------------------------------------------
  p('css', 'style url javascript', (t) => `<div style="background:url(javascript:XSS(${t}))">x</div>`),
  p('css', 'style expression', (t) => `<div style="width:expression(XSS(${t}))">x</div>`),
  p('css', 'style element import', (t) => `<style>@import 'javascript:XSS(${t})';</style>`),
];

/**
 * Where a payload was put. The tag a payload carries is `(payload index + 1) * 100 + slot`, so a
 * sentinel hit or a DOM finding names both.
 */
export const SLOTS = {
  text: 1,
  chunks: 2,
  errorMessage: 3,
  provider: 4,
  productId: 10,
  productTitle: 11,
  productUrl: 12,
  productImageUrl: 13,
  productImageAlt: 14,
  productCurrency: 15,
  productVariantId: 16,
  quickReplyLabel: 20,
  quickReplyValue: 21,
  imageUrl: 30,
  imageAlt: 31,
  linkLabel: 40,
  linkUrl: 41,
  loginLabel: 42,
  loginUrl: 43,
  messageLabel: 44,
  messageValue: 45,
  authUrl: 50,
  shopperEcho: 60,
} as const;

export type Slot = keyof typeof SLOTS;

export const tagOf = (index: number, slot: Slot): number => (index + 1) * 100 + SLOTS[slot];

/** "payload #12 'svg onload' (event handler) as productTitle" for a tag seen in the page. */
export function describeTag(tag: number): string {
  const payload = XSS_PAYLOADS[Math.floor(tag / 100) - 1];
  const slot = (Object.keys(SLOTS) as Slot[]).find((s) => SLOTS[s] === tag % 100);
  return payload ? `payload #${Math.floor(tag / 100) - 1} '${payload.name}' (${payload.group}) as ${slot ?? `slot ${tag % 100}`}` : `unknown tag ${tag}`;
}

/** Payload `index`, tagged for `slot`. */
export const payloadAt = (index: number, slot: Slot): string => XSS_PAYLOADS[index]!.make(tagOf(index, slot));

/**
 * Every block type with payload `index` in each of its string fields, one field per item, so an
 * item the client drops for a bad URL or currency takes no other payload with it. `image` is a
 * harmless image URL for the fields that are not under test.
 */
export function blocksCarrying(index: number, image: string): Block[] {
  const P = (slot: Slot) => payloadAt(index, slot);
  const i = index;
  return [
    {
      type: 'products',
      items: [
        { id: P('productId'), title: `Item ${i} id`, url: '/products/a', price: { amount: 10, currency: 'USD' } },
        { id: `t${i}`, title: P('productTitle'), url: '/products/t', image: { url: image, alt: `Item ${i}` }, variantId: `v${i}` },
        { id: `u${i}`, title: `Item ${i} url`, url: P('productUrl') },
        { id: `iu${i}`, title: `Item ${i} image`, url: '/products/i', image: { url: P('productImageUrl') } },
        { id: `ia${i}`, title: `Item ${i} alt`, url: '/products/i', image: { url: image, alt: P('productImageAlt') } },
        { id: `c${i}`, title: `Item ${i} currency`, url: '/products/c', price: { amount: 1, currency: P('productCurrency') } },
        { id: `v${i}`, title: `Item ${i} variant`, url: '/products/v', variantId: P('productVariantId') },
      ],
    },
    { type: 'quick-replies', options: [{ label: P('quickReplyLabel'), value: `reply ${i}` }, { label: `Reply ${i}`, value: P('quickReplyValue') }] },
    { type: 'image', url: P('imageUrl'), alt: `Image ${i}` },
    { type: 'image', url: image, alt: P('imageAlt') },
    {
      type: 'actions',
      items: [
        { kind: 'link', label: P('linkLabel'), url: '/help' },
        { kind: 'link', label: `Link ${i}`, url: P('linkUrl') },
        { kind: 'login', label: P('loginLabel'), url: '/login' },
        { kind: 'login', label: `Login ${i}`, url: P('loginUrl') },
        { kind: 'message', label: P('messageLabel') },
        { kind: 'message', label: `Ask ${i}`, value: P('messageValue') },
      ],
    },
  ];
}

/**
 * The streamed form of a text: pieces of five characters (cutting through tags, entities and
 * schemes), in reverse order for odd `index`, so only assembly by index puts it back together.
 */
export function chunksOf(text: string, index: number): { index: number; delta: string }[] {
  const pieces = text.match(/[\s\S]{1,5}/g)!.map((delta, i) => ({ index: i, delta }));
  return index % 2 === 0 ? pieces : pieces.reverse();
}

/** Whitespace and control characters removed: how text is compared across markdown line breaks. */
export const squeeze = (text: string): string => text.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\ufeff]/g, '');
