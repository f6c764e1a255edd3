/*
 * AIDiscovery_Widget/js/widget: the module's x-magento-init component. build/magento.ts compiles
 * this to an anonymous AMD module (ES2017, readable; Magento minifies it in production mode) whose
 * dependencies RequireJS resolves: Magento's customer-data and the widget's AMD build, mapped to
 * `aiDiscovery` by view/frontend/requirejs-config.js.
 */
import customerData from 'Magento_Customer/js/customer-data';
import { init } from 'aiDiscovery';
import { createComponent } from './component';

export default createComponent({ customerData, init });
