/*
 * The AMD modules the component gets from RequireJS on a Magento storefront. Rollup leaves them
 * external (build/magento.ts), so these declarations only give the imports their types.
 */
declare module 'Magento_Customer/js/customer-data' {
  const customerData: import('./customer-data').CustomerData;
  export default customerData;
}

/** The widget's AMD build, mapped to AIDiscovery_Widget/js/ai-discovery by requirejs-config.js. */
declare module 'aiDiscovery' {
  export const init: typeof import('../../cdn/api').init;
}

/** RequireJS's module-local require, a dependency every AMD module may name. */
declare module 'require' {
  const require: <T>(deps: string[], callback: (module: T) => void, errback?: (error: Error) => void) => void;
  export default require;
}
