/*
 * A stand-in for the bit of jQuery that WooCommerce's cart events use: `jQuery(el).on(names, fn)`
 * and `jQuery(el).trigger(name, [args])`, with handlers called as `fn(event, ...args)`.
 * WordPress ships jQuery itself; this example cannot fetch it, so it carries these few lines.
 */
(function () {
  var handlers = new WeakMap();
  function wrap(elements) {
    return {
      length: elements.length,
      on: function (names, fn) {
        elements.forEach(function (el) {
          var map = handlers.get(el) || {};
          names.split(/\s+/).forEach(function (name) {
            (map[name] = map[name] || []).push(fn);
          });
          handlers.set(el, map);
        });
        return this;
      },
      trigger: function (name, args) {
        elements.forEach(function (el) {
          var list = (handlers.get(el) || {})[name] || [];
          var event = { type: name, target: el };
          list.slice().forEach(function (fn) {
            fn.apply(el, [event].concat(args || []));
          });
        });
        return this;
      },
    };
  }
  window.jQuery = window.$ = function (target) {
    if (target === undefined || target === null) return wrap([]);
    if (typeof target === 'string') return wrap(Array.prototype.slice.call(document.querySelectorAll(target)));
    return wrap([target]);
  };
})();
