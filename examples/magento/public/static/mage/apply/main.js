/**
 * Stand-in for Magento's lib/web/mage/apply/main.js (and apply/scripts.js), reduced to
 * x-magento-init: each `<script type="text/x-magento-init">` holds
 * `{ selector: { componentId: config } }`. Every component is required through RequireJS and
 * called as `component(config, element)` for each element the selector matches, or once with
 * `false` for "*". A component that is an object is called through its property named after the
 * component (customer-data works that way). Processed scripts are removed, so a second apply()
 * starts nothing twice.
 */
define(['require'], function (require) {
    'use strict';

    function start(componentId, config, element) {
        require([componentId], function (component) {
            var fn = component;

            if (fn && typeof fn === 'object') {
                fn = fn[componentId] && fn[componentId].bind(fn);
            }
            if (typeof fn === 'function') {
                fn(config, element);
            }
        });
    }

    return {
        apply: function () {
            var scripts = document.querySelectorAll('script[type="text/x-magento-init"]');

            Array.prototype.forEach.call(scripts, function (script) {
                var data = JSON.parse(script.textContent);

                script.parentNode.removeChild(script);
                Object.keys(data).forEach(function (selector) {
                    var elements = selector === '*' ? [false] : document.querySelectorAll(selector);

                    Array.prototype.forEach.call(elements, function (element) {
                        Object.keys(data[selector]).forEach(function (componentId) {
                            start(componentId, data[selector][componentId], element);
                        });
                    });
                });
            });
        }
    };
});
