import { openStorage } from '../storage/open-storage.js';
import type { StorageChoice } from '../storage/key-value.js';
import type { Disposables } from '../util/disposables.js';
import type { Timers } from '../util/environment.js';
import type { WidgetError } from '../util/errors.js';
import type { ConversationSnapshot } from '../conversation/conversation.js';
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

/**
 * Saves the conversation when it changed and no answer is mid-stream: a chunk at a time would mean
 * hundreds of writes per answer, and a half answer is re-fetched by sync anyway. What the shopper
 * types meanwhile is saved at once all the same.
 */
export function saveOnChange(store: ConversationPersistence, sessionId: string, subscribe: (listener: () => void) => () => void, current: () => ConversationSnapshot, subs: Disposables): void {
  let stored = current();
  subs.add(subscribe(() => {
    const conversation = current();
    if (conversation === stored) return;
    if (conversation.entries.some((e) => e.kind === 'assistant' && e.streaming) && sameShopperEntries(conversation, stored)) return;
    stored = conversation;
    store.save(sessionId, conversation);
  }));
}

/** Shopper entries are replaced, never edited: the same objects in the same order mean no change. */
function sameShopperEntries(a: ConversationSnapshot, b: ConversationSnapshot): boolean {
  const shopper = (c: ConversationSnapshot) => c.entries.filter((e) => e.kind === 'shopper');
  const [x, y] = [shopper(a), shopper(b)];
  return x.length === y.length && x.every((e, i) => e === y[i]);
}
