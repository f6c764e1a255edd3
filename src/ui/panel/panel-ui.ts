import type { UiStrings } from '../i18n/strings.js';
import type { UiController } from '../types.js';

// Its own file, not panel.tsx: the panel's parts read it, and panel.tsx imports those parts.

/** The controller as panel components use it: with the full string table resolved. */
export type PanelUi = Omit<UiController, 'strings'> & {
  strings: UiStrings;
  /** "10:42": one formatter per panel, since building an Intl formatter costs more than a render. */
  time: (at: number) => string;
};
