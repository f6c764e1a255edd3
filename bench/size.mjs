// 1. Size: minified, gzip and brotli bytes of every shipped artifact that exists, measured the way
// test/size.test.ts does (brotli quality 11, gzip level 9; the ESM core bundled and minified with
// preact and socket.io-client left external and the ai-discovery-protocol package it imports bundled
// in, entry plus its static imports only).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { PEER_BUNDLE } from './lib/bench-server.mjs';
import { kb, table } from './lib/stats.mjs';

const brotli = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gzip = (code) => gzipSync(code, { level: 9 }).length;
const sizes = (code) => ({ min: Buffer.byteLength(code), gzip: gzip(code), brotli: brotli(code) });

async function esmCoreMinified() {
  const bundle = await rollup({
    input: 'dist/esm/index.js',
    external: (id) => /^(preact|socket\.io-client|@mediapipe\/tasks-vision)(\/|$)/.test(id),
    plugins: [nodeResolve({ resolveOnly: ['ai-discovery-protocol'] })],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] });
  await bundle.close();
  const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o]] : [])));
  const loaded = new Set();
  const visit = (name) => {
    if (loaded.has(name) || !chunks.has(name)) return;
    loaded.add(name);
    chunks.get(name).imports.forEach(visit);
  };
  visit([...chunks.values()].find((c) => c.isEntry).fileName);
  const lazy = [...chunks.values()].filter((c) => !loaded.has(c.fileName)).map((c) => c.code).join('\n');
  return { core: [...loaded].map((n) => chunks.get(n).code).join('\n'), lazy };
}

export async function measureSize() {
  const rows = [];
  const add = (artifact, what, code) => rows.push({ artifact, what, ...sizes(code) });
  const missing = [];
  const file = (path, what) => {
    if (existsSync(path)) add(path, what, readFileSync(path));
    else missing.push(path);
  };
  file('dist/cdn/loader.js', 'async loader snippet');
  file('dist/cdn/ai-discovery.js', 'CDN bundle (launcher, core, socket.io-client)');
  file('dist/cdn/ai-discovery.panel.js', 'CDN panel chunk (Preact, markdown, cards), lazy');
  const esm = await esmCoreMinified();
  add('dist/esm (bundled, minified)', 'ESM core with the protocol, preact and socket.io-client external', esm.core);
  if (esm.lazy) add('dist/esm (split-off chunks)', 'ESM panel chunk(s), dynamic import', esm.lazy);
  if (existsSync('dist/amd')) {
    for (const name of readdirSync('dist/amd').filter((n) => n.endsWith('.js')).sort()) file(join('dist/amd', name), `AMD build (Magento)${name.includes('.panel') ? ', panel' : name.includes('.face') ? ', face chunk' : ''}`);
  }
  file('dist/cdn/ai-discovery.face.js', 'face-analysis chunk (MediaPipe tasks-vision + our maths), after consent only');
  file('dist/react/index.js', 'React adapter (`ai-discovery-widget/react`) as shipped, unminified (the app\'s bundler minifies it); core and react external');
  file('dist/shopify/extension/assets/ai-discovery-embed.js', 'Shopify app embed script (loads the bundle when idle)');
  file('dist/woocommerce/ai-discovery-widget/assets/ai-discovery-woo.js', 'WooCommerce plugin script (Store API cart)');
  file('dist/magento/AIDiscovery/Widget/view/frontend/web/js/widget.js', 'Magento component (readable ES2017 AMD, not minified)');
  const wasm = 'dist/cdn/mediapipe/wasm';
  if (existsSync(wasm)) {
    for (const name of readdirSync(wasm).filter((n) => n.endsWith('.wasm')).sort()) file(join(wasm, name), 'MediaPipe wasm runtime, fetched after consent (one of these)');
  }
  const peer = existsSync(PEER_BUNDLE) ? sizes(readFileSync(PEER_BUNDLE)) : undefined;
  const cdn = rows.find((r) => r.artifact === 'dist/cdn/ai-discovery.js');
  const panel = rows.find((r) => r.artifact === 'dist/cdn/ai-discovery.panel.js');

  const lines = [
    table(['artifact', 'what', 'minified', 'gzip', 'brotli'], rows.map((r) => [`\`${r.artifact}\``, r.what, `${r.min} B`, `${r.gzip} B`, `${r.brotli} B (${kb(r.brotli)})`])),
    '',
    `Not present in this build, so not measured: ${missing.map((m) => `\`${m}\``).join(', ') || 'none'}.`,
  ];
  if (peer && cdn) {
    const total = cdn.brotli + (panel?.brotli ?? 0);
    lines.push('', table(['peer', 'minified', 'gzip', 'brotli', 'ours (CDN bundle) / peer, brotli', 'ours (bundle + panel) / peer, brotli'], [[
      '`rasa-webchat@1.0.1` `lib/index.js` (standalone, React included)', `${peer.min} B`, `${peer.gzip} B`, `${peer.brotli} B (${kb(peer.brotli)})`,
      `${(cdn.brotli / peer.brotli).toFixed(3)}`, `${(total / peer.brotli).toFixed(3)}`,
    ]]));
  }
  return { rows, missing, peer, markdown: lines.join('\n') };
}
