// Server-rendered pages of the stand-in Magento store, shaped like a Luma product page: RequireJS
// and the merged requirejs-config.js in the head, x-magento-init scripts that mage/apply starts,
// the product's add-to-cart form with its form key, and at the end of the body what the module's
// layout (view/frontend/layout/default.xml) and template (widget.phtml) print.
import { escapeHtml } from './store.mjs';

/** The admin settings of Stores > Configuration > AI Discovery, as this demo store has them. */
export const DEMO_SETTINGS = {
  greeting: 'Hi! I can find frames for your face shape, or anything else in the store.',
  accentColor: '#eb5202',
  position: 'right',
  locale: 'en-US',
  currency: 'USD',
};

/**
 * What WidgetConfig::getInitJson() writes: the component's configuration under the placeholder's
 * selector, as JSON with < and > escaped the way Magento's JsonHexTag serializer does.
 */
function widgetInitJson(settings, origin) {
  const config = { ...settings, cartAddUrl: `${origin}/checkout/cart/add/` };
  return JSON.stringify({ '#ai-discovery-widget': { 'AIDiscovery_Widget/js/launcher': config } }).replace(/</g, '\\u003C').replace(/>/g, '\\u003E');
}

function layout({ title, bodyClass, main, settings, origin }) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="/magento/styles.css">
  <script src="/vendor/require.js"></script>
  <script src="/magento/static/requirejs-config.js"></script>
  <script type="text/x-magento-init">{"*": {"Magento_Customer/js/customer-data": {"sectionLoadUrl": "${origin}/customer/section/load/"}}}</script>
</head>
<body class="${bodyClass}">
  <header class="page-header">
    <a class="logo" href="/magento/">Luma-ish Demo Store</a>
    <a class="showcart" href="/checkout/cart/">Cart <span class="counter-number" id="minicart-counter">0</span></a>
  </header>
  <script type="text/x-magento-init">{"#minicart-counter": {"Magento_Checkout/js/minicart-counter": {}}}</script>
  <div class="page messages" id="page-messages" role="status"></div>
  <script type="text/x-magento-init">{"#page-messages": {"Magento_Theme/js/messages": {}}}</script>
  <main id="maincontent">
${main}
  </main>
  <div id="ai-discovery-widget" class="ai-discovery-widget" data-position="${escapeHtml(settings.position)}"></div>
  <script type="text/x-magento-init">${widgetInitJson(settings, origin)}</script>
</body>
</html>
`;
}

/** A product page (body class catalog-product-view), with Magento's add-to-cart form. */
export function productPage({ product, formKey, settings, origin }) {
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: product.price.currency }).format(product.price.amount);
  const main = `    <h1 class="page-title"><span class="base">${escapeHtml(product.title)}</span></h1>
    <div class="product-media"><img src="/catalog-images/${escapeHtml(product.image)}" alt="${escapeHtml(product.title)}" width="320" height="240"></div>
    <div class="product-info-main">
      <p class="price">${escapeHtml(money)}</p>
      <p>${escapeHtml(product.description)}</p>
      <form id="product_addtocart_form" action="/checkout/cart/add/" method="post">
        <input type="hidden" name="product" value="${escapeHtml(product.variantId)}">
        <input type="hidden" name="form_key" value="${escapeHtml(formKey)}">
        <label>Qty <input type="number" name="qty" value="1" min="1"></label>
        <button type="submit" class="action tocart primary">Add to Cart</button>
      </form>
      <script type="text/x-magento-init">{"#product_addtocart_form": {"Magento_Catalog/js/catalog-add-to-cart": {}}}</script>
      <p class="note">A stand-in for a Magento 2 storefront: RequireJS, customer-data and the cart
        endpoints are small imitations (Magento itself needs PHP, MySQL and OpenSearch); the chat
        widget is the real module, AIDiscovery_Widget, as the build writes it.</p>
    </div>`;
  return layout({ title: `${product.title} | Demo Magento store`, bodyClass: 'catalog-product-view page-product-simple', main, settings, origin });
}

/** The cart page, where Magento sends a shopper whose form key was refused. */
export function cartPage({ cart, settings, origin }) {
  const rows = cart.items.map((item) => `      <li>${escapeHtml(item.product_name)} × ${item.qty}</li>`).join('\n');
  const main = `    <h1 class="page-title"><span class="base">Shopping Cart</span></h1>
    <ul class="cart items">
${rows || '      <li>You have no items in your shopping cart.</li>'}
    </ul>`;
  return layout({ title: 'Shopping Cart | Demo Magento store', bodyClass: 'checkout-cart-index', main, settings, origin });
}
