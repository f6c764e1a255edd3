// A stand-in for Shopify's Liquid renderer, for the demo storefront and the tests: Shopify cannot
// run here. The engine is the real liquidjs (tags, `escape`, `default`, `blank`...). What only
// Shopify has is registered here as a stand-in, kept to what the app embed block uses:
//  - `{% schema %}`: read by Shopify, renders nothing;
//  - `json`: JSON that encodes <, > and & (as Shopify documents its `json` filter), `null` for nil;
//  - `asset_url`: the extension's asset folder, standing in for Shopify's CDN URL;
//  - `t`: the extension's storefront locale file;
//  - `money`: cents as US dollars (the stand-in store's one currency), for the stand-in theme.
import { Liquid, Tag } from 'liquidjs';

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

class SchemaTag extends Tag {
  constructor(token, remainTokens, liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length > 0) {
      const next = remainTokens.shift();
      if (next.name === 'endschema') return;
    }
    throw new Error('{% schema %} is not closed by {% endschema %}');
  }

  *render() {}
}

/** Shopify's `json`: a JavaScript value safe inside a <script> element. */
export function shopifyJson(value) {
  return (JSON.stringify(value ?? null) ?? 'null').replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** The block's `{% schema %}` as an object. */
export function readSchema(source) {
  const match = SCHEMA.exec(source);
  if (!match) throw new Error('the block has no {% schema %}');
  return JSON.parse(match[1]);
}

/** The settings Shopify would pass as `block.settings`: the schema's defaults under the merchant's values. */
export function blockSettings(source, values = {}) {
  const settings = {};
  for (const setting of readSchema(source).settings ?? []) if ('default' in setting) settings[setting.id] = setting.default;
  return { ...settings, ...values };
}

/**
 * @param {{ assetBase: string, translations?: object }} options `assetBase` is the URL prefix of
 *   the extension's assets; `translations` the storefront locale (locales/en.default.json).
 */
export function shopifyLiquid({ assetBase, translations = {} }) {
  const engine = new Liquid({ ownPropertyOnly: true });
  engine.registerTag('schema', SchemaTag);
  engine.registerFilter('json', shopifyJson);
  engine.registerFilter('asset_url', (name) => `${assetBase}${encodeURIComponent(String(name))}`);
  engine.registerFilter('t', (key) => {
    const value = String(key).split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), translations);
    return typeof value === 'string' ? value : `translation missing: ${key}`;
  });
  engine.registerFilter('money', (cents) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(cents) / 100));
  return engine;
}
