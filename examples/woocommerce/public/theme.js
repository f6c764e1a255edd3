/*
 * The example theme's script: it keeps the header's cart count right the way WooCommerce themes do,
 * by listening to the cart events (jQuery `added_to_cart` for classic themes, the DOM event
 * `wc-blocks_added_to_cart` for block themes) and reading the cart from the Store API. It also
 * lists what it received under "Cart events the theme received", and in `window.storeEvents`.
 */
(function () {
  var events = (window.storeEvents = []);
  var link = document.querySelector('.cart-contents');
  var list = document.getElementById('store-events');

  function note(entry) {
    events.push(entry);
    var item = document.createElement('li');
    item.textContent = entry.type + ' ' + JSON.stringify(entry.detail);
    list.appendChild(item);
  }

  function refreshCount() {
    fetch(link.dataset.cartUrl, { credentials: 'same-origin' })
      .then(function (response) {
        return response.json();
      })
      .then(function (cart) {
        link.querySelector('.count').textContent = String(cart.items_count);
      });
  }

  jQuery(document.body).on('added_to_cart', function (event, fragments, cartHash, button) {
    note({ type: 'added_to_cart', detail: { fragments: fragments, cartHash: cartHash, buttonCount: button ? button.length : null } });
    refreshCount();
  });
  jQuery(document.body).on('wc_fragment_refresh', function () {
    note({ type: 'wc_fragment_refresh', detail: null });
  });
  // Listened for on document, as block themes do: the event must bubble up from body to reach it.
  document.addEventListener('wc-blocks_added_to_cart', function (event) {
    note({ type: 'wc-blocks_added_to_cart', detail: event.detail, bubbles: event.bubbles, target: event.target === document.body ? 'body' : String(event.target) });
    refreshCount();
  });
})();
