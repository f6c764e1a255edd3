import { start, type WooWindow } from './woo-widget';

/*
 * Entry of the plugin's script (assets/ai-discovery-woo.js). WordPress prints it deferred, after
 * the widget bundle it depends on and after the inline script that sets window.aiDiscoveryWoo.
 */
if (typeof window !== 'undefined') start(window as WooWindow);
