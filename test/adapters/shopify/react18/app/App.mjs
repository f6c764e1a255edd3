import { createElement as h, useEffect, useState, version } from 'react';
import { AIDiscoveryWidget, useAIDiscovery } from './dist/react/index.js';

/*
 * A product page with the assistant, written without JSX so plain Node can render it on the server
 * (server-render.mjs) and Vite can bundle the same file for hydration (client.mjs). `react` is
 * the fixture's React 18; `./dist/react/index.js` is the built adapter, copied beside this file
 * for each run (react18.test.ts) so that its own `react` import resolves to React 18 too.
 */

const PRODUCTS = [
  { id: '7001', title: 'Velocity Red Running Shoes', variantId: '44012345670001' },
  { id: '7002', title: 'Trail Grip Hiking Boots', variantId: '44012345670002' },
];

/** Hook state as one text node, so the server's markup and the hydrated one compare exactly. */
function Status() {
  const chat = useAIDiscovery();
  return h(
    'section',
    null,
    h('p', { 'data-status': chat.status }, `status: ${chat.status}, open: ${chat.isOpen}, unread: ${chat.unread}`),
    h('button', { type: 'button', onClick: () => chat.open() }, 'Open the assistant'),
    // The answer arrives while the panel is closed: the hook's unread count must go up.
    h('button', { type: 'button', onClick: () => void chat.send('red running shoes').catch(() => {}) }, 'Ask without opening'),
  );
}

/** Counts effect runs in the browser: StrictMode in development runs each mount effect twice. */
function Probe({ onEffect }) {
  useEffect(() => {
    onEffect?.();
  }, []);
  return null;
}

export function Page({ socketUrl, onEffect, handle }) {
  const [index, setIndex] = useState(0);
  const [assistantOn, setAssistantOn] = useState(true);
  const product = PRODUCTS[index % PRODUCTS.length];
  const page = h(
    'main',
    null,
    h(Probe, { onEffect }),
    h('h1', null, product.title),
    // Server and browser must run the same React, or hydration reports the difference.
    h('p', { 'data-react': version }, `React ${version}`),
    h('button', { type: 'button', onClick: () => setIndex((i) => i + 1) }, 'Next product'),
    h('label', null, h('input', { type: 'checkbox', checked: assistantOn, onChange: (e) => setAssistantOn(e.target.checked) }), ' Show the assistant'),
    assistantOn ? h(Status) : null,
  );
  if (!assistantOn) return page;
  return h(
    AIDiscoveryWidget,
    {
      ref: handle,
      socketUrl,
      transports: ['websocket'],
      storage: 'memory',
      // A new object on every render, equal in value until the product changes.
      context: { platform: 'shopify', currency: 'USD', product: { id: product.id, title: product.title, variantId: product.variantId } },
    },
    page,
  );
}
