/**
 * Adds CSS to a shadow root. Constructable stylesheets are used where they exist because a strict
 * `style-src` blocks injected `<style>` elements; the fallback carries the page's nonce.
 */
export function adoptCss(shadow: ShadowRoot, css: string, nonce: string | undefined): () => void {
  const view = shadow.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in shadow && typeof view.CSSStyleSheet?.prototype.replaceSync === 'function') {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    return () => {
      shadow.adoptedStyleSheets = shadow.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }
  const style = shadow.ownerDocument.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  shadow.prepend(style);
  return () => style.remove();
}
