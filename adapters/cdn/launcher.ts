import { installLauncher } from './install-launcher';
import { launcherSettings } from './launcher-settings';

/*
 * Entry of dist/cdn/launcher.js: the chat button at once, the widget at the first touch. Takes the
 * script tag's `data-*` options, as the bundle and the loader do, plus `data-load-after-ms`.
 */

// Read at top level: document.currentScript is the launcher's tag only while it first runs.
if (typeof document !== 'undefined') {
  const script = document.currentScript as HTMLScriptElement | null;
  installLauncher(window, script, launcherSettings(script));
}
