import { start, type WooWindow } from './woo-widget';

/*
 * Entry of the plugin's script (assets/ai-discovery-woo.js). WordPress prints it deferred, after
 * the inline script that sets window.aiDiscoveryWoo and before the launcher (assets/launcher.js),
 * which brings the widget bundle when the shopper heads for the button.
 */
if (typeof window !== 'undefined') start(window as WooWindow);
