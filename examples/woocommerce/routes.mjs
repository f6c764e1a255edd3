// The WooCommerce example: a store under /woocommerce/ whose pages are rendered by the plugin's
// real PHP (dist/woocommerce/ai-discovery-widget/, built by `npm run build`) on a WordPress
// stand-in run by php-cli, plus a stand-in of WooCommerce's Store API cart that keeps carts in
// memory and checks the Nonce header as WooCommerce does. WordPress and WooCommerce themselves
// cannot run here (no database; neither is packaged in Debian or on npm in a runnable form).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PRODUCTS as DEMO_CATALOG } from '../demo-products.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDER = resolve(here, 'wordpress/render.php');
const PLUGIN_ASSETS = resolve(here, '../../dist/woocommerce/ai-discovery-widget/assets');
const BASE = '/woocommerce';
const STORE_API = `${BASE}/wp-json/wc/store/v1`;
const ASSETS = `${BASE}/wp-content/plugins/ai-discovery-widget/assets/`;
/** The plugin's assets: its script, the launcher, the panel and the versioned bundle the launcher fetches. */
const ASSET_FILES = /^(ai-discovery-woo\.js|launcher\.js|ai-discovery\.panel\.js|\d+\.\d+\.\d+[\w.-]*\/ai-discovery\.js)$/;
const COOKIE = 'wp_woocommerce_session_example';
const CURRENCY = { currency_code: 'USD', currency_symbol: '$', currency_minor_unit: 2, currency_decimal_separator: '.', currency_thousand_separator: ',', currency_prefix: '$', currency_suffix: '' };

/**
 * Stock as the store sees it now. The chat server's catalog feed still lists the ScreenGuard
 * glasses as available: they sold out since, so the Store API refuses them, as a real store would
 * refuse a product its search index has not caught up with.
 */
const SOLD_OUT_SINCE_INDEXING = new Set(['ew02']);
const STOCK = 10;

/** The catalog as WooCommerce products: the numeric ids are the catalog's variant ids, as the chat's cards carry them. */
function products() {
  return new Map(
    DEMO_CATALOG.map((p) => [
      Number(p.variantId),
      {
        id: Number(p.variantId),
        handle: p.handle,
        name: p.title,
        description: p.description,
        price: p.price.amount,
        stock: p.available && !SOLD_OUT_SINCE_INDEXING.has(p.id) ? STOCK : 0,
        image: `/catalog-images/${p.image}`,
      },
    ]),
  );
}

/** One store per demo server (tests start several in one process): carts keyed by session cookie. */
class StandInStore {
  products = products();
  /** @type {Map<string, { nonce: string, cart: Map<number, number> }>} */
  sessions = new Map();

  /** The shopper's session from the cookie, or a new one (and its Set-Cookie header). */
  session(req, res) {
    const sid = /(?:^|;\s*)wp_woocommerce_session_example=([0-9a-f]{32})/.exec(req.headers.cookie ?? '')?.[1];
    const found = sid && this.sessions.get(sid);
    if (found) return found;
    const id = randomBytes(16).toString('hex');
    const session = { nonce: randomBytes(5).toString('hex'), cart: new Map() };
    this.sessions.set(id, session);
    res.setHeader('set-cookie', `${COOKIE}=${id}; Path=${BASE}; HttpOnly; SameSite=Lax`);
    return session;
  }

  /** The cart as the Store API returns it (the fields the plugin and themes read). */
  cartJson(session) {
    const items = [...session.cart].map(([id, quantity]) => {
      const p = this.products.get(id);
      const price = String(Math.round(p.price * 100));
      return { key: `item${id}`, id, quantity, name: p.name, prices: { price, regular_price: price, sale_price: price, ...CURRENCY }, totals: { line_total: String(Number(price) * quantity), ...CURRENCY } };
    });
    const total = String(items.reduce((sum, item) => sum + Number(item.totals.line_total), 0));
    return { items, items_count: items.reduce((n, item) => n + item.quantity, 0), totals: { total_items: total, total_price: total, ...CURRENCY }, errors: [] };
  }

  /** Adds as WooCommerce's CartController does, or returns the Store API error. */
  add(session, id, quantity) {
    const product = this.products.get(id);
    if (!product) return { status: 400, code: 'woocommerce_rest_cart_invalid_product', message: 'This product cannot be added to the cart.' };
    if (!(Number.isInteger(quantity) && quantity > 0)) return { status: 400, code: 'rest_invalid_param', message: 'Invalid parameter(s): quantity' };
    if (product.stock === 0) {
      return { status: 400, code: 'woocommerce_rest_product_out_of_stock', message: `You cannot add &quot;${product.name}&quot; to the cart because the product is out of stock.` };
    }
    const inCart = session.cart.get(id) ?? 0;
    if (inCart + quantity > product.stock) {
      return { status: 400, code: 'woocommerce_rest_product_partially_out_of_stock', message: `You cannot add that amount of &quot;${product.name}&quot; to the cart because there is not enough stock (${product.stock - inCart} remaining).` };
    }
    session.cart.set(id, inCart + quantity);
    return undefined;
  }
}

const stores = new WeakMap();
function storeFor(req) {
  const key = req.socket.server ?? StandInStore;
  let store = stores.get(key);
  if (!store) stores.set(key, (store = new StandInStore()));
  return store;
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req, limit = 16_384) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw new Error('Request body too large');
  }
  return body;
}

/** Runs wordpress/render.php with the world as JSON on stdin and answers with the page it prints. */
function renderPage(res, world) {
  const php = spawn(process.env.PHP_BINARY ?? 'php', [RENDER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = [];
  const err = [];
  php.stdout.on('data', (chunk) => out.push(chunk));
  php.stderr.on('data', (chunk) => err.push(chunk));
  return new Promise((done) => {
    php.on('error', (error) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(error.code === 'ENOENT' ? 'The WooCommerce example renders its pages with php-cli: install it (apt-get install php-cli) or set PHP_BINARY.' : error.message);
      done();
    });
    php.on('close', (code) => {
      if (res.headersSent) return done();
      if (code !== 0) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`render.php failed (${code}): ${Buffer.concat(err).toString()}${Buffer.concat(out).toString()}`);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(Buffer.concat(out));
      }
      done();
    });
    php.stdin.end(JSON.stringify(world));
  });
}

function world(req, store, session, url, theme) {
  const origin = `http://${req.headers.host}`;
  const known = new Map([...session.cart.keys()].map((id) => [id, store.products.get(id)]));
  if (theme.product) known.set(theme.product.id, theme.product);
  // `?position=left` shows the merchant's other choice of corner.
  const position = url.searchParams.get('position') === 'left' ? 'left' : 'right';
  return {
    home: `${origin}${BASE}`,
    plugins_url: `${origin}${BASE}/wp-content/plugins`,
    page: theme.product ? { type: 'product', id: theme.product.id } : { type: 'shop', id: 0 },
    products: Object.fromEntries([...known].map(([id, p]) => [id, { name: p.name, price: p.price.toFixed(2), in_stock: p.stock > 0 }])),
    cart: [...session.cart].map(([product_id, quantity]) => ({ product_id, quantity })),
    currency: 'USD',
    locale: 'en_US',
    nonce: session.nonce,
    // What Settings > AI Discovery Widget would have saved: the chat server is this demo server.
    options: { ai_discovery_widget_settings: { enabled: true, server_url: origin, accent: '#7f54b3', greeting: 'Hi! I can find products in this store and put them in your cart.', position, identity_secret: '' } },
    theme,
  };
}

/** The platform's routes for the demo server; true when it answered. */
export async function handle(req, res, url) {
  const { pathname } = url;
  if (!pathname.startsWith(`${BASE}/`)) return false;
  const store = storeFor(req);

  if (pathname.startsWith(ASSETS) && req.method === 'GET') {
    const file = pathname.slice(ASSETS.length);
    if (!ASSET_FILES.test(file)) return false;
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    createReadStream(resolve(PLUGIN_ASSETS, file)).on('error', () => res.end()).pipe(res);
    return true;
  }

  if (pathname === `${STORE_API}/cart` && req.method === 'GET') {
    const session = store.session(req, res);
    sendJson(res, 200, store.cartJson(session), { Nonce: session.nonce, 'Nonce-Timestamp': String(Math.floor(Date.now() / 1000)) });
    return true;
  }

  if (pathname === `${STORE_API}/cart/add-item` && req.method === 'POST') {
    const session = store.session(req, res);
    const headers = { Nonce: session.nonce, 'Nonce-Timestamp': String(Math.floor(Date.now() / 1000)) };
    // Cart writes need the nonce of this shopper's session; refusals still carry a fresh one.
    const nonce = req.headers.nonce;
    if (nonce === undefined) {
      sendJson(res, 401, { code: 'woocommerce_rest_missing_nonce', message: 'Missing the Nonce header. This endpoint requires a valid nonce.', data: { status: 401 } }, headers);
      return true;
    }
    if (nonce !== session.nonce) {
      sendJson(res, 403, { code: 'woocommerce_rest_invalid_nonce', message: 'Nonce is invalid.', data: { status: 403 } }, headers);
      return true;
    }
    let input;
    try {
      input = JSON.parse(await readBody(req));
    } catch {
      sendJson(res, 400, { code: 'rest_invalid_json', message: 'Invalid JSON body passed.', data: { status: 400 } }, headers);
      return true;
    }
    const refused = store.add(session, Number(input?.id), input?.quantity ?? 1);
    if (refused) sendJson(res, refused.status, { code: refused.code, message: refused.message, data: { status: refused.status } }, headers);
    else sendJson(res, 201, store.cartJson(session), headers);
    return true;
  }

  if (pathname.startsWith(`${BASE}/wp-json/`)) {
    sendJson(res, 404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    return true;
  }

  if (pathname === `${BASE}/` && (req.method === 'GET' || req.method === 'HEAD')) {
    const session = store.session(req, res);
    const list = [...store.products.values()].map((p) => ({ name: p.name, price: p.price.toFixed(2), image: p.image, url: `${BASE}/product/${p.handle}` }));
    await renderPage(res, world(req, store, session, url, { view: 'shop', products: list }));
    return true;
  }

  const match = /^\/woocommerce\/product\/([a-z0-9-]+)$/.exec(pathname);
  const product = match && [...store.products.values()].find((p) => p.handle === match[1]);
  if (!product) return false;
  const session = store.session(req, res);
  if (req.method === 'POST') {
    // The theme's own "Add to cart" form, as WooCommerce handles `add-to-cart` posts: add, then back to the page.
    const form = new URLSearchParams(await readBody(req));
    const refused = store.add(session, Number(form.get('add-to-cart')), Number(form.get('quantity') ?? 1));
    const notice = refused ? refused.message.replace(/&quot;/g, '"') : `“${product.name}” has been added to your cart.`;
    res.writeHead(303, { location: `${pathname}?notice=${encodeURIComponent(notice)}` }).end();
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const view = { ...product, price: product.price, in_stock: product.stock > 0 };
  await renderPage(res, world(req, store, session, url, { view: 'product', product: view, notice: url.searchParams.get('notice') ?? '' }));
  return true;
}
