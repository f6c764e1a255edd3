/**
 * Magento merges this file into the storefront's requirejs-config.js. `aiDiscovery` names the
 * widget's AMD build, an anonymous define() that RequireJS must load itself (a plain <script> tag
 * would raise "Mismatched anonymous define()"). The component AIDiscovery_Widget/js/widget
 * depends on it by this name.
 */
var config = {
    paths: {
        aiDiscovery: 'AIDiscovery_Widget/js/ai-discovery'
    }
};
