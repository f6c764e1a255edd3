// An anonymous AMD module, as a store's own RequireJS code would have. If anything outside
// RequireJS also called define() anonymously, loading this would fail with "Mismatched anonymous
// define()": the page requirejs.html checks that the widget bundle never does.
define([], function () {
  return { name: 'store-cart', items: [] };
});
