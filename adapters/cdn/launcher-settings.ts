import type { WidgetOptions } from '../../src/index';
import { checkLook, themeOf } from '../../src/widget/options';
import type { LauncherSettings } from './install-launcher';

/**
 * The launcher's settings from its script tag: `data-load-after-ms` (milliseconds after the page's
 * load event, or `never`), `data-start-open` (load at once), and the look of the button from
 * `data-locale` and from any `AIDiscovery('init', options)` queued before the body existed, so
 * the button the widget replaces looks like the widget's own. Without `data-socket-url`,
 * `data-api-url` or a queued `init` nothing would start the widget, so no button is drawn.
 */
export function launcherSettings(script: HTMLScriptElement | null): LauncherSettings {
  const data = script?.dataset ?? {};
  const settings: LauncherSettings = {
    eager: data.startOpen !== undefined && data.startOpen !== 'false',
    look: (queued) => {
      const inits = queued.filter(([name]) => name === 'init').map(([, options]) => (options ?? {}) as WidgetOptions);
      // No button that nothing would start: the bundle starts a widget only for these.
      if (inits.length === 0 && data.socketUrl === undefined && data.apiUrl === undefined) return undefined;
      const options: WidgetOptions = Object.assign({}, ...inits);
      // The widget's own checks of the values that reach the page's styles; it checks the rest when it starts.
      checkLook(options);
      return {
        locale: options.locale ?? options.context?.locale ?? data.locale,
        strings: options.strings ?? {},
        position: options.position,
        theme: themeOf(options),
        nonce: options.nonce,
        container: options.container,
      };
    },
  };
  const after = data.loadAfterMs;
  if (after !== undefined) {
    if (after !== 'never' && !/^\d{1,7}$/.test(after)) {
      throw new TypeError(`AIDiscovery: data-load-after-ms must be a number of milliseconds or "never"; got ${JSON.stringify(after)}`);
    }
    settings.loadAfterMs = after === 'never' ? Infinity : Number(after);
  }
  return settings;
}
