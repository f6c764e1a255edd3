import { startEarly } from '../../cdn/early-start';
import { readConfig } from './config';
import { readableTextOn } from './contrast';

/** The widget component (AIDiscovery_Widget/js/widget), as RequireJS hands it over. */
export type WidgetComponent = (config: unknown, element: HTMLElement | false) => unknown;

/**
 * Makes the x-magento-init component `AIDiscovery_Widget/js/launcher`: the chat button at once, in
 * the store's corner and accent, and the widget component (with the AMD bundle it depends on) only
 * when the shopper heads for the button, presses it, or the page has been loaded a while. The
 * widget component then starts with the same `(config, element)` and takes over the button.
 * `loadWidget` asks RequireJS for the component; it is called once.
 */
export function createLauncherComponent(loadWidget: (ready: (component: WidgetComponent) => void) => void): (config: unknown, element: HTMLElement | false) => void {
  return (rawConfig, element) => {
    const doc = element ? element.ownerDocument : document;
    // One widget per page: the layout may place the template twice, or a theme may paste the CDN snippet.
    if (doc.querySelector('[data-ai-discovery]')) return;
    const config = readConfig(rawConfig, doc.URL);
    let asked = false;
    const load = () => {
      if (asked) return;
      asked = true;
      loadWidget((component) => component(rawConfig, element));
    };
    const theme: Record<string, string> = config.accentColor ? { '--aid-accent': config.accentColor, '--aid-accent-text': readableTextOn(config.accentColor) } : {};
    startEarly(doc.defaultView!, {
      look: () => ({ locale: config.locale, position: config.position, theme, ...(element ? { container: element } : {}) }),
    }, load);
  };
}
