/** Stand-in for the mini cart's item counter: the `cart` section's summary_count. */
define(['Magento_Customer/js/customer-data'], function (customerData) {
    'use strict';

    return function (config, element) {
        var cart = customerData.get('cart');

        function render(data) {
            element.textContent = String(data && data.summary_count ? data.summary_count : 0);
        }

        render(cart());
        cart.subscribe(render);
    };
});
