/** Listener maps are interfaces of `(…args) => void`, so events and payloads are typed together. */
export type EventMap<Events> = { [E in keyof Events]: (...args: never[]) => void };

export type Unsubscribe = () => void;

/**
 * A small typed event emitter. `on` returns its own disposer so owners can collect them and
 * release everything in one place. A throwing listener does not stop the others; its error is
 * handed to `onListenerError` (the widget re-raises it asynchronously so it is not swallowed).
 */
export class Emitter<Events extends EventMap<Events>> {
  private listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  constructor(private readonly onListenerError: (error: unknown) => void = rethrowLater) {}

  on<E extends keyof Events>(event: E, listener: Events[E]): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(event) === set) this.listeners.delete(event);
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /**
   * Like `emit`, for events whose listeners may answer: returns what each listener returned, a
   * throw as a rejected promise (and still reported), so the caller can wait on the answers.
   */
  call<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): unknown[] {
    const set = this.listeners.get(event);
    if (!set) return [];
    return [...set].map((listener) => {
      try {
        return (listener as (...a: Parameters<Events[E]>) => unknown)(...args);
      } catch (error) {
        this.onListenerError(error);
        return Promise.reject(error);
      }
    });
  }

  /** How many listeners are attached, for leak checks. */
  listenerCount(event?: keyof Events): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  clear(): void {
    this.listeners.clear();
  }
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
