/**
 * A scan of the page for anything a hostile payload could have left behind: event-handler
 * attributes, dangerous URLs, script-capable or embedding elements, foreign SVG/MathML.
 *
 * `findUnsafeDom` is self-contained on purpose: Playwright serialises it into the page
 * (`page.evaluate(findUnsafeDom)`), and the jsdom suite calls it directly. It may use nothing from
 * outside its own body, and only arrow functions (no helpers a compiler could hoist out).
 *
 * Light DOM: elements present when `markDomBaseline()` ran (the store page itself) are the page's
 * business; anything added later other than the widget's host element is reported.
 */
export function findUnsafeDom(): string[] {
  const issues: string[] = [];
  const doc = globalThis.document;
  const baseline = (globalThis as unknown as { __domBaseline?: Set<Element> }).__domBaseline;
  const HOST = 'ai-discovery-widget';
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // What browsers skip inside a URL's scheme, or that hides a scheme from a reader.
  const INVISIBLE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
  const SAFE_SCHEMES = ['http', 'https', 'mailto'];
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'codebase', 'ping', 'manifest', 'longdesc', 'lowsrc', 'dynsrc'];
  const FORBIDDEN = [
    'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'form', 'link', 'style',
    'noscript', 'template', 'portal', 'xmp', 'noembed', 'noframes', 'plaintext', 'isindex', 'textarea', 'select',
    'video', 'audio', 'source', 'track', 'picture', 'details', 'marquee', 'math', 'svg', 'foreignobject', 'animate', 'set',
  ];
  // Every element the widget's own components create. Anything else in the shadow root came from
  // somewhere it should not have.
  const WIDGET_TAGS = [
    'div', 'section', 'header', 'h2', 'p', 'button', 'span', 'input', 'ul', 'ol', 'li', 'a', 'article', 'img', 'time',
    'code', 'strong', 'em', 'br', 'i',
  ];

  const show = (el: Element): string => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').slice(0, 60);
    return `<${el.localName}${id}${cls}>${text ? ` "${text}"` : ''}`;
  };

  const urlProblem = (value: string): string | undefined => {
    const clean = value.replace(INVISIBLE, '');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(clean)?.[1]?.toLowerCase();
    if (scheme !== undefined && !SAFE_SCHEMES.includes(scheme)) return `scheme "${scheme}:"`;
    let resolved: string;
    try {
      resolved = new URL(value, doc.baseURI).protocol.replace(':', '');
    } catch {
      return 'a URL that does not parse';
    }
    return SAFE_SCHEMES.includes(resolved) ? undefined : `resolves to scheme "${resolved}:"`;
  };

  const checkAttributes = (el: Element, where: string) => {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) issues.push(`${where}: ${show(el)} has event-handler attribute ${name}="${value}"`);
      if (name === 'srcdoc') issues.push(`${where}: ${show(el)} has srcdoc`);
      if (name === 'style' && /javascript|expression|vbscript|behavior|-moz-binding|@import|url\s*\(/i.test(value)) {
        issues.push(`${where}: ${show(el)} has style="${value}"`);
      }
      if (URL_ATTRS.includes(name) || name.endsWith(':href')) {
        const problem = urlProblem(value);
        if (problem) issues.push(`${where}: ${show(el)} has ${name}="${value}" (${problem})`);
      }
      if (name === 'srcset') {
        for (const candidate of value.split(',')) {
          const url = candidate.trim().split(/\s+/)[0] ?? '';
          const problem = url ? urlProblem(url) : undefined;
          if (problem) issues.push(`${where}: ${show(el)} has srcset candidate "${url}" (${problem})`);
        }
      }
    }
    if (el.getAttribute('target') === '_blank' && !/\bnoopener\b/.test(el.getAttribute('rel') ?? '')) {
      issues.push(`${where}: ${show(el)} opens a new window without rel="noopener"`);
    }
  };

  /** The widget's own icons: an aria-hidden <svg> with <path> children only, in its launcher or close button. */
  const isWidgetIcon = (el: Element): boolean => {
    if (el.localName === 'path') return el.parentElement?.localName === 'svg' && isWidgetIcon(el.parentElement) && el.children.length === 0;
    if (el.localName !== 'svg' || el.namespaceURI !== SVG_NS) return false;
    const button = el.parentElement;
    const ownButton = button?.localName === 'button' && (button.classList.contains('launcher') || button.classList.contains('icon-button'));
    return Boolean(ownButton) && el.getAttribute('aria-hidden') === 'true' && Array.from(el.children).every((c) => c.localName === 'path');
  };

  const scanShadow = (root: ShadowRoot) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const where = 'shadow root';
      checkAttributes(el, where);
      const tag = el.localName;
      const foreign = el.namespaceURI !== HTML_NS;
      if (foreign) {
        if (!isWidgetIcon(el)) issues.push(`${where}: foreign element ${show(el)} (${el.namespaceURI}) that is not one of the widget's icons`);
        continue;
      }
      if (tag === 'form') {
        // The composer is the widget's only form: a direct child of the panel, with no action.
        const ok = el.classList.contains('composer') && el.parentElement?.localName === 'section' && !el.hasAttribute('action') && !el.closest('.log');
        if (!ok) issues.push(`${where}: ${show(el)} is a form that is not the widget's composer`);
        continue;
      }
      if (tag === 'style') {
        // The <style> fallback of browsers without constructable stylesheets sits at the root.
        if (el.parentNode !== root || /XSS\(/.test(el.textContent ?? '')) issues.push(`${where}: ${show(el)} is a style element the widget did not add`);
        continue;
      }
      if (FORBIDDEN.includes(tag)) issues.push(`${where}: forbidden element ${show(el)}`);
      else if (!WIDGET_TAGS.includes(tag)) issues.push(`${where}: element ${show(el)} that the widget never creates`);
      if (el.shadowRoot) scanShadow(el.shadowRoot);
    }
  };

  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const known = baseline?.has(el) ?? false;
    if (!known) {
      checkAttributes(el, 'page');
      if (el.localName !== HOST) issues.push(`page: element ${show(el)} was added to the page`);
      else if (!el.hasAttribute('data-ai-discovery')) issues.push(`page: a <${HOST}> without data-ai-discovery`);
    } else {
      // The store's own markup: only what a payload could add to it is checked.
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.toLowerCase().startsWith('on')) issues.push(`page: ${show(el)} has event-handler attribute ${attr.name}`);
      }
    }
    if (el.shadowRoot) scanShadow(el.shadowRoot);
  }
  if (doc.querySelectorAll('iframe, frame, object, embed').length > 0 || (doc.defaultView?.frames.length ?? 0) > 0) {
    issues.push('page: a frame or plugin element exists');
  }
  return issues;
}

/** Records the elements of the page as it is now, before the widget starts. Self-contained like the scan. */
export function markDomBaseline(): number {
  const set = new Set(Array.from(globalThis.document.querySelectorAll('*')));
  (globalThis as unknown as { __domBaseline?: Set<Element> }).__domBaseline = set;
  return set.size;
}
