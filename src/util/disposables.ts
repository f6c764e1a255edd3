/** Collects cleanup functions so one `dispose()` releases everything an owner set up. */
export class Disposables {
  private items: (() => void)[] = [];

  add(dispose: () => void): void {
    this.items.push(dispose);
  }

  /** Adds a DOM listener and remembers how to take it off. */
  listen(target: EventTarget, type: string, listener: EventListener, options?: AddEventListenerOptions): void {
    target.addEventListener(type, listener, options);
    this.add(() => target.removeEventListener(type, listener, options));
  }

  get size(): number {
    return this.items.length;
  }

  dispose(): void {
    const items = this.items;
    this.items = [];
    // Last in, first out: things set up later may depend on things set up earlier.
    for (let i = items.length - 1; i >= 0; i--) items[i]!();
  }
}
