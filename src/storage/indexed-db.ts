import type { Timers } from '../util/environment.js';
import type { AsyncKeyValueStorage } from './key-value.js';

const DB_NAME = 'ai-discovery';
const STORE = 'kv';

/**
 * String values in one IndexedDB object store. Chosen before localStorage because it does not
 * block the page while writing, holds far more than localStorage's 5 MB shared with the whole
 * origin, and survives where storage partitioning clears localStorage first.
 */
export class IndexedDbStorage implements AsyncKeyValueStorage {
  private constructor(private readonly db: IDBDatabase) {}

  /**
   * Opens (creating on first use) the widget's database. Rejects when IndexedDB is missing,
   * refused (private modes, blocked cookies) or silent for `timeoutMs`: some Safari versions never
   * answer the first `open()` of a page, and a widget must not wait forever to show its history.
   */
  static open(factory: IDBFactory | undefined, timeoutMs: number, timers: Timers): Promise<IndexedDbStorage> {
    return new Promise((resolve, reject) => {
      if (!factory) return reject(new Error('IndexedDB is not available'));
      let settled = false;
      const timer = timers.setTimeout(() => finish(new Error(`IndexedDB did not open within ${timeoutMs} ms`)), timeoutMs);
      const finish = (result: IDBDatabase | Error) => {
        if (settled) {
          // Opened after we gave up: nobody will use it, so do not keep it (and its locks) open.
          if (!(result instanceof Error)) result.close();
          return;
        }
        settled = true;
        timers.clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(new IndexedDbStorage(result));
      };
      let request: IDBOpenDBRequest;
      try {
        request = factory.open(DB_NAME, 1);
      } catch (error) {
        return finish(error instanceof Error ? error : new Error(String(error)));
      }
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading the schema later must not be blocked by this one.
        db.onversionchange = () => db.close();
        finish(db);
      };
      request.onerror = () => finish(request.error ?? new Error('IndexedDB refused to open'));
      request.onblocked = () => finish(new Error('IndexedDB is blocked by another tab'));
    });
  }

  get(key: string): Promise<string | null> {
    return this.run('readonly', (store) => store.get(key)).then((value) => (typeof value === 'string' ? value : null));
  }

  set(key: string, value: string): Promise<void> {
    return this.run('readwrite', (store) => store.put(value, key)).then(() => undefined);
  }

  remove(key: string): Promise<void> {
    return this.run('readwrite', (store) => store.delete(key)).then(() => undefined);
  }

  close(): void {
    this.db.close();
  }

  /** Resolves when the transaction commits (a write is durable then), not when the request succeeds. */
  private run(mode: IDBTransactionMode, request: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(STORE, mode);
      const req = request(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      // QuotaExceededError arrives here, on the transaction, not on the request.
      tx.onabort = tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
    });
  }
}
