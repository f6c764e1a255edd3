/**
 * Everything the widget needs from its surroundings, injectable so tests drive time, randomness,
 * network state and storage without patching globals. Defaults are resolved at `mount()`, never
 * at import, so the core can be imported on a server.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface NetworkMonitor {
  /** False when the device reports no network; attempts wait for it to return. */
  isOnline(): boolean;
  /** False while the page is hidden. */
  isVisible(): boolean;
  /** Calls `listener` when the network comes back or the page becomes visible again. */
  onResume(listener: () => void): () => void;
  /** Calls `listener` when the device goes offline. */
  onOffline(listener: () => void): () => void;
}

export interface Environment {
  timers: Timers;
  now(): number;
  random(): number;
  network: NetworkMonitor;
  uuid(): string;
  /** For the HTTP fallback. */
  fetch: typeof fetch;
}

export function browserTimers(): Timers {
  return {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** Online and visibility from `navigator` and `document`, where they exist. */
export function browserNetwork(win: (Window & typeof globalThis) | undefined = globalThis.window): NetworkMonitor {
  const doc = win?.document;
  return {
    isOnline: () => win?.navigator?.onLine !== false,
    isVisible: () => doc?.visibilityState !== 'hidden',
    onResume(listener) {
      if (!win || !doc) return () => {};
      const onVisible = () => doc.visibilityState === 'visible' && listener();
      win.addEventListener('online', listener);
      doc.addEventListener('visibilitychange', onVisible);
      return () => {
        win.removeEventListener('online', listener);
        doc.removeEventListener('visibilitychange', onVisible);
      };
    },
    onOffline(listener) {
      if (!win) return () => {};
      win.addEventListener('offline', listener);
      return () => win.removeEventListener('offline', listener);
    },
  };
}

export function randomUuid(random: () => number = Math.random): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function defaultEnvironment(overrides: Partial<Environment> = {}): Environment {
  const random = overrides.random ?? Math.random;
  return {
    timers: overrides.timers ?? browserTimers(),
    now: overrides.now ?? Date.now,
    random,
    network: overrides.network ?? browserNetwork(),
    uuid: overrides.uuid ?? (() => randomUuid(random)),
    // Looked up per call, so a page that wraps fetch after the widget mounted is respected.
    fetch: overrides.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}
