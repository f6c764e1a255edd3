import type { Timers } from '../util/environment.js';
import { IndexedDbStorage } from './indexed-db.js';
import { isAsyncStorage, resolveStorage, type AnyStorage, type AsyncKeyValueStorage, type KeyValueStorage, type StorageChoice } from './key-value.js';

export interface OpenedStorage {
  storage: AnyStorage;
  /** localStorage, when IndexedDB won: a copy an older page (or a slow IndexedDB) left there is read once. */
  previous?: KeyValueStorage;
  /** Releases the database connection. */
  close(): void;
}

/** How long 'auto' waits for IndexedDB before settling for localStorage. */
const OPEN_TIMEOUT_MS = 1500;

/**
 * Resolves the `storage` option. Synchronous stores come back at once, so a widget on
 * localStorage restores its conversation inside `mount()`; IndexedDB comes back as a promise and
 * falls back to localStorage, then to memory, when it cannot be opened.
 */
export function openStorage(choice: StorageChoice, win: Window | undefined, timers: Timers): OpenedStorage | Promise<OpenedStorage> {
  const nothing = () => {};
  if (isAsyncStorage(choice as AnyStorage)) return { storage: choice as AsyncKeyValueStorage, close: nothing };
  if (choice !== 'auto') return { storage: resolveStorage(choice as Exclude<StorageChoice, 'auto' | AsyncKeyValueStorage>, win), close: nothing };
  const local = resolveStorage('local', win);
  let factory: IDBFactory | undefined;
  try {
    factory = win?.indexedDB;
  } catch {
    // Reading the property throws where storage is blocked outright.
  }
  if (!factory) return { storage: local, close: nothing };
  return IndexedDbStorage.open(factory, OPEN_TIMEOUT_MS, timers).then(
    (db) => ({ storage: db, ...(local ? { previous: local } : {}), close: () => db.close() }),
    () => ({ storage: local, close: nothing }),
  );
}
