import { launcherStrings, type ResolvedLocale } from './i18n/locale.js';
import type { UiStrings } from './i18n/strings.js';
import { Launcher } from './launcher.js';
import { adoptCss } from './stylesheet.js';
import { CORE_CSS } from './styles.js';
import type { PanelLoader, UiController } from './types.js';

export const HOST_TAG = 'ai-discovery-widget';
export const PANEL_ID = 'aid-panel';

export interface MountOptions {
  locale: ResolvedLocale;
  strings: Partial<UiStrings>;
  nonce: string | undefined;
  loadPanel: PanelLoader;
  /** Runs `task` when the page is idle; returns the cancel. */
  whenIdle(task: () => void): () => void;
  onPanelError(error: unknown): void;
  /** A fixed corner; by default the reading direction's end. */
  position: 'right' | 'left' | undefined;
  /** Custom property values set on the host (`--aid-accent`, …), already validated. */
  theme: Record<string, string>;
}

/**
 * Creates the host element and its open shadow root with the launcher, then brings in the panel's
 * code when the page is idle (or at once if the shopper opens it first). Returns the function that
 * undoes all of it.
 */
export function mountUi(doc: Document, container: HTMLElement, ui: Omit<UiController, 'focusLauncher'>, options: MountOptions): () => void {
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('data-ai-discovery', '');
  if (options.position) host.setAttribute('data-position', options.position);
  // Per-property CSSOM: allowed under a strict style-src, unlike a style attribute string.
  for (const [name, value] of Object.entries(options.theme)) host.style.setProperty(name, value);
  const shadow = host.attachShadow({ mode: 'open' });
  const removeCss = adoptCss(shadow, CORE_CSS, options.nonce);
  const root = doc.createElement('div');
  root.className = 'root';
  root.dir = options.locale.dir;
  root.lang = options.locale.locale;
  const slot = doc.createElement('div');
  const launcher = new Launcher(doc, launcherStrings(options.locale.language, options.strings), () => ui.toggle());
  root.append(slot, launcher.button);
  shadow.appendChild(root);
  container.appendChild(host);

  const controller: UiController = { ...ui, focusLauncher: () => launcher.button.focus() };
  let panel: 'none' | 'loading' | 'ready' = 'none';
  let removePanel: (() => void) | undefined;
  let disposed = false;
  const loadPanel = () => {
    if (panel !== 'none') return;
    panel = 'loading';
    options.loadPanel().then(
      (module) => {
        if (disposed) return;
        removePanel = module.mountPanel(slot, shadow, controller, options.nonce);
        panel = 'ready';
        render();
      },
      (error: unknown) => {
        // The next open tries again: a flaky network should not leave the chat unreachable.
        panel = 'none';
        if (!disposed) options.onPanelError(error);
      },
    );
  };
  const render = () => {
    const snapshot = ui.getSnapshot();
    launcher.update(snapshot, panel === 'ready' ? PANEL_ID : undefined);
    if (snapshot.isOpen) loadPanel();
  };
  const unsubscribe = ui.subscribe(render);
  const cancelIdle = options.whenIdle(loadPanel);
  // A pointer on its way to the launcher or a keyboard focus on it is a strong hint: start now.
  launcher.button.addEventListener('pointerenter', loadPanel);
  launcher.button.addEventListener('focus', loadPanel);
  render();

  return () => {
    disposed = true;
    cancelIdle();
    unsubscribe();
    removePanel?.();
    removeCss();
    host.remove();
  };
}
