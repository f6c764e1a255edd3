import { openStorage } from '../storage/open-storage.js';
import type { StorageChoice } from '../storage/key-value.js';
import type { Disposables } from '../util/disposables.js';
import type { Timers } from '../util/environment.js';
import type { WidgetError } from '../util/errors.js';
import { ConversationPersistence, type SavedConversation } from './persistence.js';

export interface Hydrated {
  store: ConversationPersistence;
  saved: SavedConversation | undefined;
}

export interface HydrateDeps {
  choice: StorageChoice;
  win: Window | undefined;
  timers: Timers;
  key: string;
  maxEntries: number;
  subs: Disposables;
  /** False once the widget was destroyed: an IndexedDB that opens later is closed unused. */
  alive(): boolean;
  onError(error: WidgetError): void;
  /** Nothing will be kept past this page (no storage at all, or storage failing). */
  onUnsaved(): void;
}

/**
 * Opens the chosen storage and reads the saved conversation: at once from localStorage or
 * memory, as a promise from IndexedDB (resolving to undefined when the widget went away meanwhile).
 */
export function hydrate(d: HydrateDeps): Hydrated | Promise<Hydrated | undefined> {
  const read = (opened: Awaited<ReturnType<typeof openStorage>>): Hydrated | Promise<Hydrated | undefined> => {
    d.subs.add(() => opened.close());
    // Asked for storage and got none (blocked cookies, say): the shopper should know, once.
    if (!opened.storage && d.choice !== 'memory') d.onUnsaved();
    const store = new ConversationPersistence(
      opened.storage,
      d.key,
      d.maxEntries,
      (error, unsaved) => {
        if (unsaved) d.onUnsaved();
        d.onError(error);
      },
      opened.previous,
    );
    const saved = store.load();
    return saved instanceof Promise ? saved.then((s) => (d.alive() ? { store, saved: s } : undefined)) : { store, saved };
  };
  const opened = openStorage(d.choice, d.win, d.timers);
  if (!(opened instanceof Promise)) return read(opened);
  return opened.then((o) => {
    // Destroyed while IndexedDB was opening: release it and start nothing.
    if (!d.alive()) return void o.close();
    return read(o);
  });
}
