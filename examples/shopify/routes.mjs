// The Shopify examples' own endpoints on the demo server (examples/demo-server.mjs):
//  - /shopify/: the examples' landing page (public/index.html);
//  - /shopify/react[/products/<handle>]: a React 19 product page rendered on the server with
//    `ai-discovery-widget/react` and hydrated in the browser (built by build/shopify.ts into
//    dist/examples/shopify/);
//  - /shopify/store/[products/<handle>]: a stand-in Shopify storefront, rendered from Liquid with
//    the theme app extension's app embed block (dist/shopify/extension/);
//  - /shopify/store/cart/add.js and /shopify/store/cart.js: a stand-in Ajax Cart API.
// Shopify itself cannot run here; stand-in-store.mjs and theme/ say what stands in for what.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PRODUCTS, SHOP, STORE_ROOT, StandInCarts, shadesOf } from './stand-in-store.mjs';
import { blockSettings, shopifyJson, shopifyLiquid } from './theme/shopify-liquid.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const EXTENSION = resolve(here, '../../dist/shopify/extension');
const ASSETS = '/dist/shopify/extension/assets/';
const SSR_ENTRY = resolve(here, '../../dist/examples/shopify/server/entry-server.js');
const CLIENT_ENTRY = '/dist/examples/shopify/client/entry-client.js';
const LAYOUT = readFileSync(join(here, 'theme/theme.liquid'), 'utf8');
const REACT_PAGE = '/shopify/react';
const DEFAULT_REACT_PRODUCT = 'silk-veil-foundation-sand';

/** Merchant settings a visitor may try through the query string (`?position=left`). */
const SETTINGS_FROM_QUERY = ['greeting', 'title', 'position', 'accent_color', 'accent_text_color'];

// One store per process, as one Shopify store serves every shopper; carts are per cookie, so two
// browsers (or two tests) never share one.
const carts = new StandInCarts();

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body);
}

const sendJson = (res, status, value, headers) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);

function notBuilt(res) {
  send(res, 503, 'text/plain; charset=utf-8', 'The Shopify example is not built: run "npm run build" first.');
}

async function readJson(req, limit = 16_384) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

const originOf = (req) => `http://${req.headers.host ?? 'localhost'}`;
const productBy = (handle) => PRODUCTS.find((p) => p.handle === handle);

async function themePage(req, res, url, template, product) {
  if (!existsSync(join(EXTENSION, 'blocks/ai-discovery.liquid'))) return notBuilt(res);
  const { token, setCookie } = carts.token(req);
  const block = readFileSync(join(EXTENSION, 'blocks/ai-discovery.liquid'), 'utf8');
  const translations = JSON.parse(readFileSync(join(EXTENSION, 'locales/en.default.json'), 'utf8'));
  const engine = shopifyLiquid({ assetBase: ASSETS, translations });
  const chosen = Object.fromEntries(SETTINGS_FROM_QUERY.flatMap((id) => (url.searchParams.has(id) ? [[id, url.searchParams.get(id)]] : [])));
  const cart = carts.cart(token);
  const customerId = url.searchParams.get('customer');
  const data = {
    shop: SHOP,
    request: { locale: { iso_code: url.searchParams.get('locale') ?? 'en' }, page_type: template },
    routes: { root_url: STORE_ROOT.slice(0, -1), cart_url: `${STORE_ROOT}cart` },
    cart: { item_count: cart.item_count, total_price: cart.total_price, items: cart.items, currency: { iso_code: cart.currency } },
    customer: customerId && /^\d{1,16}$/.test(customerId) ? { id: Number(customerId) } : null,
    product,
    featured: PRODUCTS.filter((_, i) => i % 4 === 0),
  };
  // What Shopify does for an enabled app embed with target "body": the block's output, and its
  // schema's `javascript` asset as a deferred script, before </body>.
  const embed = await engine.parseAndRender(block, { ...data, block: { settings: blockSettings(block, { server_url: originOf(req), ...chosen }) } });
  const appEmbeds = `${embed}\n<script src="${ASSETS}ai-discovery-embed.js" defer></script>`;
  const html = await engine.parseAndRender(LAYOUT, { ...data, app_embeds: appEmbeds });
  send(res, 200, 'text/html; charset=utf-8', html, setCookie ? { 'set-cookie': setCookie } : {});
}

/** What the React page needs of a product, as an app would have it from the Storefront API. */
const pageProduct = (p) => ({
  id: String(p.id),
  handle: p.handle,
  title: p.title,
  description: p.description,
  price: p.price / 100,
  image: p.featured_image,
  variantId: String(p.variants[0].id),
  available: p.available,
});

async function reactPage(req, res, product) {
  if (!existsSync(SSR_ENTRY)) return notBuilt(res);
  const { render } = await import(pathToFileURL(SSR_ENTRY).href);
  const props = { socketUrl: originOf(req), cartRoot: STORE_ROOT, product: pageProduct(product), shades: shadesOf(product).map(pageProduct) };
  const app = render(props);
  send(res, 200, 'text/html; charset=utf-8', `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/store.css">
  <link rel="stylesheet" href="/shopify/shopify.css">
  <title>${product.title.replace(/[<&]/g, '')} – React example</title>
  <script type="module" src="${CLIENT_ENTRY}"></script>
</head>
<body>
  <div id="root">${app}</div>
  <script type="application/json" id="page-props">${shopifyJson(props)}</script>
</body>
</html>`);
}

/** @returns {Promise<boolean>} true when it answered. */
export async function handle(req, res, url) {
  const path = url.pathname;
  if (path === `${STORE_ROOT}cart/add.js`) {
    if (req.method !== 'POST') {
      sendJson(res, 405, { status: 405, message: 'Method Not Allowed' });
      return true;
    }
    const { token, setCookie } = carts.token(req);
    const { status, body } = carts.add(token, await readJson(req));
    sendJson(res, status, body, setCookie ? { 'set-cookie': setCookie } : {});
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  // The demo server serves files, not folder indexes: the examples' landing page is a file.
  if (path === '/shopify' || path === '/shopify/') {
    res.writeHead(302, { location: '/shopify/index.html' }).end();
    return true;
  }
  if (path === `${STORE_ROOT}cart.js`) {
    const { token, setCookie } = carts.token(req);
    sendJson(res, 200, carts.cart(token), setCookie ? { 'set-cookie': setCookie } : {});
    return true;
  }
  if (path === STORE_ROOT || path === STORE_ROOT.slice(0, -1) || path === `${STORE_ROOT}cart`) {
    await themePage(req, res, url, path.endsWith('/cart') ? 'cart' : 'index', null);
    return true;
  }
  if (path.startsWith(`${STORE_ROOT}products/`)) {
    const product = productBy(decodeURIComponent(path.slice(`${STORE_ROOT}products/`.length)));
    if (!product) return false;
    await themePage(req, res, url, 'product', product);
    return true;
  }
  if (path === REACT_PAGE || path.startsWith(`${REACT_PAGE}/products/`)) {
    const product = productBy(path === REACT_PAGE ? DEFAULT_REACT_PRODUCT : decodeURIComponent(path.slice(`${REACT_PAGE}/products/`.length)));
    if (!product) return false;
    await reactPage(req, res, product);
    return true;
  }
  return false;
}
