/**
 * Stand-in for Magento's lib/web/mage/bootstrap.js, which the storefront's requirejs-config.js
 * lists in `deps`: once the page is parsed, start every x-magento-init component.
 */
define(['mage/apply/main'], function (mage) {
    'use strict';

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', function () { mage.apply(); });
    } else {
        mage.apply();
    }
});
