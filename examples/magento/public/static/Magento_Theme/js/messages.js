/**
 * Stand-in for Magento_Theme/js/view/messages: shows the `messages` section. Magento's renders the
 * texts as HTML (they come from the store's own message manager); this stand-in writes text.
 */
define(['Magento_Customer/js/customer-data'], function (customerData) {
    'use strict';

    return function (config, element) {
        function render(data) {
            var list = data && Array.isArray(data.messages) ? data.messages : [];

            element.textContent = '';
            list.forEach(function (message) {
                var div = document.createElement('div');
                var parsed = new DOMParser().parseFromString(String(message.text), 'text/html');

                div.className = 'message message-' + message.type;
                div.textContent = parsed.body.textContent;
                element.appendChild(div);
            });
        }

        customerData.get('messages').subscribe(render);
    };
});
