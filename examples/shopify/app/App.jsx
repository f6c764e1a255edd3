import { useState } from 'react';
import { AIDiscoveryWidget, useAIDiscovery } from 'ai-discovery-widget/react';

/*
 * A product page as a Shopify Hydrogen (or any React) storefront would write it. The page's
 * state lives here; the assistant gets the viewed shade as context, and its add-to-cart goes
 * through the page's own cart call. The events list shows the component's callbacks firing.
 */

const money = (amount) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount);

export function App({ socketUrl, cartRoot, product, shades }) {
  const [viewed, setViewed] = useState(product);
  const [assistantOn, setAssistantOn] = useState(true);
  const [cartCount, setCartCount] = useState(0);
  const [events, setEvents] = useState([]);
  const log = (line) => setEvents((list) => [...list, line]);

  // The Ajax Cart API of the (stand-in) store; a Hydrogen app would call its cart's linesAdd here.
  async function addToCart({ variantId, quantity }) {
    const response = await fetch(`${cartRoot}cart/add.js`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ id: Number(variantId), quantity }] }),
    });
    const body = await response.json().catch(() => ({}));
    // The store's reason ("All 3 … are in your cart.") is what the card shows.
    if (!response.ok) throw new Error(body.description || 'Could not add to cart');
    const cart = await (await fetch(`${cartRoot}cart.js`)).json();
    setCartCount(cart.item_count);
  }

  const page = (
    <ProductPage product={viewed} shades={shades} onShade={setViewed} assistantOn={assistantOn} onAssistant={setAssistantOn} cartCount={cartCount} events={events} />
  );
  if (!assistantOn) return page;
  return (
    <AIDiscoveryWidget
      socketUrl={socketUrl}
      context={{ platform: 'shopify', locale: 'en-US', currency: 'USD', product: { id: viewed.id, title: viewed.title, variantId: viewed.variantId } }}
      addToCart={addToCart}
      onReady={() => log('ready')}
      onStatus={(status) => log(`status: ${status}`)}
      onOpen={() => log('open')}
      onClose={() => log('close')}
      onResponse={(response) => log(`response: ${response.blocks?.length ?? 0} blocks`)}
      onAddToCart={(event) => log(`add-to-cart: ${event.product.title}`)}
      onError={(error) => log(`error: ${error.code}`)}
    >
      {page}
    </AIDiscoveryWidget>
  );
}

function ProductPage({ product, shades, onShade, assistantOn, onAssistant, cartCount, events }) {
  return (
    <>
      <header className="site-header">
        <a className="logo" href="/shopify/">Lumen <span>&amp;</span> Loom</a>
        <nav><span className="stand-in-note">React 19, rendered on the server and hydrated</span></nav>
        <span className="cart">Cart (<span data-cart-count>{cartCount}</span>)</span>
      </header>
      <main>
        <section className="product-page">
          <img src={product.image} alt={product.title} width="360" height="360" />
          <div>
            <h1>{product.title}</h1>
            <p className="price">{money(product.price)}</p>
            <p>{product.description}</p>
            {shades.length > 1 ? (
              <fieldset className="shades">
                <legend>Shade</legend>
                {shades.map((shade) => (
                  <button key={shade.id} type="button" aria-pressed={shade.id === product.id} onClick={() => onShade(shade)}>
                    {shade.title.split(' - ')[1] ?? shade.title}
                  </button>
                ))}
              </fieldset>
            ) : null}
            {assistantOn ? <AskAssistant product={product} /> : null}
            <label className="toggle">
              <input type="checkbox" checked={assistantOn} onChange={(e) => onAssistant(e.target.checked)} /> Show the assistant
            </label>
          </div>
        </section>
        <section aria-labelledby="events-title">
          <h2 id="events-title">Assistant events</h2>
          <ol className="events" data-events>
            {events.map((line, i) => <li key={i}>{line}</li>)}
          </ol>
        </section>
      </main>
    </>
  );
}

/** Anywhere under <AIDiscoveryWidget>, useAIDiscovery() gives the widget's state and API. */
function AskAssistant({ product }) {
  const chat = useAIDiscovery();
  const ask = () => {
    chat.open();
    chat.send(`Which shade is closest to ${product.title}?`).catch(() => {});
  };
  return (
    <p className="ask">
      <button type="button" onClick={ask} disabled={chat.status !== 'connected'}>Ask the assistant about this shade</button>
      <span data-status> Assistant: {chat.status}</span>
    </p>
  );
}
