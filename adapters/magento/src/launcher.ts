/*
 * AIDiscovery_Widget/js/launcher: the module's x-magento-init component (WidgetConfig::COMPONENT).
 * It draws the chat button and asks RequireJS for AIDiscovery_Widget/js/widget, and through it the
 * widget's AMD build, only when the shopper heads for the button or the page has been idle a while.
 * `require` is RequireJS's module-local require, so the name resolves as the module's own would.
 */
import localRequire from 'require';
import { createLauncherComponent, type WidgetComponent } from './launcher-component';

export default createLauncherComponent((ready) => localRequire(['AIDiscovery_Widget/js/widget'], (component: WidgetComponent) => ready(component)));
