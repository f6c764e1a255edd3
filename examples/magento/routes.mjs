// The Magento example's endpoints on the demo server (examples/demo-server.mjs calls `handle`
// before its static files). Stand-ins, since Magento cannot run here: see store.mjs. The widget
// files are the real module, as `npm run build` writes it to dist/magento/AIDiscovery/Widget/.
//
//   GET  /magento/                           a product page (server-rendered, sets the form key)
//   GET  /magento/static/requirejs-config.js the merged RequireJS configuration
//   GET  /magento/static/AIDiscovery_Widget/  the module's view/frontend/web files
//   POST /checkout/cart/add/                 Magento_Checkout's add-to-cart controller
//   GET  /checkout/cart/                     the cart page
//   GET  /customer/section/load/             Magento_Customer's customer-data sections
//
// Other /magento/static/ files (customer-data, mage/apply and the other stand-in AMD modules)
// are plain files in ./public/static/, which the demo server serves.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cartPage, DEMO_SETTINGS, productPage } from './page.mjs';
import { createMagentoStore } from './store.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const MODULE_DIR = resolve(here, '../../dist/magento/AIDiscovery/Widget');
const MODULE_WEB = join(MODULE_DIR, 'view/frontend/web');
/** Stands in for pub/static/frontend/<Vendor>/<theme>/<locale>/, RequireJS's baseUrl. */
const STATIC = '/magento/static/';
const PRODUCT_ID = 'ew01';
const MAX_BODY = 16 * 1024;

const store = createMagentoStore();

/**
 * Magento concatenates every module's view/frontend/requirejs-config.js into one file, each in a
 * function of its own that ends with `require.config(config)`. The first part here stands in for
 * Magento_Theme's: the base URL of the static files and `mage/bootstrap`, which runs mage/apply
 * once the page is parsed. The second is the module's own file, read from the build.
 */
function mergedRequireConfig() {
  const base = `(function () {
var config = { baseUrl: ${JSON.stringify(STATIC)}, deps: ['mage/bootstrap'] };
require.config(config);
})();`;
  const module = readFileSync(join(MODULE_DIR, 'view/frontend/requirejs-config.js'), 'utf8');
  return `(function (require) {\n${base}\n(function () {\n${module}\nrequire.config(config);\n})();\n})(require);\n`;
}

function cookies(req) {
  return Object.fromEntries(
    (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter(([name]) => name).map(([name, ...value]) => [name, value.join('=')]),
  );
}

/**
 * The shopper's session, and the Set-Cookie headers that keep it and its form key. As in Magento
 * (Magento_PageCache's RegisterFormKeyFromCookie), a form_key cookie becomes the session's form
 * key, so full-page-cached pages, whose HTML is shared, post the shopper's own key. A post whose
 * key matches neither is refused: say both cookies expired while the page stayed open.
 */
function sessionOf(req) {
  const jar = cookies(req);
  const s = store.session(jar.PHPSESSID);
  if (/^[A-Za-z0-9]{16}$/.test(jar.form_key ?? '')) s.formKey = jar.form_key;
  const set = [];
  if (jar.PHPSESSID !== s.id) set.push(`PHPSESSID=${s.id}; Path=/; HttpOnly; SameSite=Lax`);
  if (jar.form_key !== s.formKey) set.push(`form_key=${s.formKey}; Path=/; SameSite=Lax`);
  return { s, setCookie: set };
}

function origin(req) {
  return `http://${req.headers.host ?? 'localhost'}`;
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

async function readForm(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('Request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function serveModuleFile(res, pathname) {
  const file = normalize(join(MODULE_WEB, decodeURIComponent(pathname.slice(`${STATIC}AIDiscovery_Widget/`.length))));
  let found = false;
  try {
    found = file.startsWith(MODULE_WEB + sep) && statSync(file).isFile();
  } catch {
    found = false;
  }
  if (!found) {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found (run "npm run build" to write dist/magento/)');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
}

/** The demo's admin settings; `?position=left` shows the other placement. */
function settingsFor(url) {
  return { ...DEMO_SETTINGS, position: url.searchParams.get('position') === 'left' ? 'left' : DEMO_SETTINGS.position };
}

export async function handle(req, res, url) {
  const { pathname } = url;
  const method = req.method ?? 'GET';

  if (method === 'GET' && (pathname === '/magento/' || pathname === '/magento')) {
    const { s, setCookie } = sessionOf(req);
    const html = productPage({ product: store.product(PRODUCT_ID), formKey: s.formKey, settings: settingsFor(url), origin: origin(req) });
    send(res, 200, 'text/html; charset=utf-8', html, { 'set-cookie': setCookie });
    return true;
  }
  if (method === 'GET' && pathname === `${STATIC}requirejs-config.js`) {
    send(res, 200, 'text/javascript; charset=utf-8', mergedRequireConfig());
    return true;
  }
  if (method === 'GET' && pathname.startsWith(`${STATIC}AIDiscovery_Widget/`)) {
    serveModuleFile(res, pathname);
    return true;
  }
  if (pathname === '/checkout/cart/add/' || pathname === '/checkout/cart/add') {
    // An HttpPostActionInterface controller: Magento answers anything but POST with its 404 page.
    if (method !== 'POST') {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return true;
    }
    const { s, setCookie } = sessionOf(req);
    const ajax = req.headers['x-requested-with'] === 'XMLHttpRequest';
    const result = store.addToCart(s, await readForm(req), { ajax });
    if (result.redirect) {
      res.writeHead(302, { location: result.redirect, 'cache-control': 'no-store', 'set-cookie': setCookie }).end();
    } else {
      send(res, 200, 'application/json', JSON.stringify(result.json), { 'set-cookie': setCookie });
    }
    return true;
  }
  if (method === 'GET' && (pathname === '/checkout/cart/' || pathname === '/checkout/cart')) {
    const { s, setCookie } = sessionOf(req);
    send(res, 200, 'text/html; charset=utf-8', cartPage({ cart: store.cartSection(s), settings: DEMO_SETTINGS, origin: origin(req) }), { 'set-cookie': setCookie });
    return true;
  }
  if (method === 'GET' && (pathname === '/customer/section/load/' || pathname === '/customer/section/load')) {
    const { s, setCookie } = sessionOf(req);
    const names = (url.searchParams.get('sections') ?? '').split(',').filter(Boolean);
    send(res, 200, 'application/json', JSON.stringify(store.sections(s, names)), { 'set-cookie': setCookie });
    return true;
  }
  return false;
}
