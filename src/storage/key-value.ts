/**
 * Synchronous key-value storage as the widget needs it. Browsers' `localStorage` fits; so does any
 * object a host page provides (a cookie jar, an in-app webview bridge).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Storage that answers later, as IndexedDB does; a write counts once its promise resolves. */
export interface AsyncKeyValueStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/**
 * 'auto' is IndexedDB, else localStorage, else memory; the others pick one store, or bring your own
 * (synchronous like localStorage, or asynchronous like IndexedDB).
 */
export type StorageChoice = 'auto' | 'local' | 'session' | 'memory' | KeyValueStorage | AsyncKeyValueStorage;

/** Where the conversation is kept; `undefined` when nowhere but this page's memory. */
export type AnyStorage = KeyValueStorage | AsyncKeyValueStorage | undefined;

export function isAsyncStorage(storage: AnyStorage): storage is AsyncKeyValueStorage {
  return typeof (storage as AsyncKeyValueStorage | undefined)?.get === 'function';
}

export class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/**
 * Resolves the `storage` option. Reading `window.localStorage` itself throws in some browsers
 * (cookies blocked, sandboxed frames), so failure to reach it yields `undefined`, not an exception.
 */
export function resolveStorage(choice: Exclude<StorageChoice, 'auto' | AsyncKeyValueStorage>, win: Window | undefined): KeyValueStorage | undefined {
  if (typeof choice === 'object') return choice;
  if (choice === 'memory') return new MemoryStorage();
  try {
    const storage = choice === 'session' ? win?.sessionStorage : win?.localStorage;
    if (!storage) return undefined;
    // Safari's private mode used to expose a storage whose every write throws: probe once.
    const probe = '__ai_discovery_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

