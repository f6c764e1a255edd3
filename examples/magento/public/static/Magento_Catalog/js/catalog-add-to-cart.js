/**
 * Stand-in for Magento_Catalog/js/catalog-add-to-cart: posts the product form with Ajax. In
 * Magento the `cart` and `messages` sections then reload by themselves (customer-data watches
 * jQuery's ajaxComplete and sections.xml invalidates them for checkout/cart/add); with fetch,
 * this stand-in reloads them itself, as the chat component does.
 */
define(['Magento_Customer/js/customer-data'], function (customerData) {
    'use strict';

    return function (config, form) {
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            fetch(form.action, {
                method: 'POST',
                body: new URLSearchParams(new FormData(form)),
                credentials: 'same-origin',
                headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
                redirect: 'manual'
            }).then(function () {
                return customerData.reload(['cart', 'messages'], true);
            });
        });
    };
});
