/**
 * Synchronous key-value storage as the widget needs it. Browsers' `localStorage` fits; so does any
 * object a host page provides (a cookie jar, an in-app webview bridge).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type StorageChoice = 'local' | 'session' | 'memory' | KeyValueStorage;

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
export function resolveStorage(choice: StorageChoice, win: Window | undefined): KeyValueStorage | undefined {
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
