import type { Timers } from '../util/environment.js';

/** How long each of the two titles shows, milliseconds. */
const STEP_MS = 1500;

/**
 * The tab title that says an operator replied while nobody looked: "(2) New message · Store"
 * alternating with the page's own title, so it catches the eye in a row of tabs. `clear()` puts the
 * page's title back exactly as it was, unless the page changed it meanwhile (then the page's wins).
 */
export class TitleAlert {
  private original: string | undefined;
  private count = 0;
  private timer: unknown;
  private showing = false;

  constructor(
    private readonly doc: Document,
    private readonly timers: Timers,
    private readonly label: () => string,
  ) {}

  get unread(): number {
    return this.count;
  }

  /** One more unseen reply. */
  bump(): void {
    if (this.count === 0) this.original = this.doc.title;
    this.count++;
    if (this.timer === undefined) this.step(true);
    else if (this.showing) this.doc.title = this.alert();
  }

  clear(): void {
    if (this.count === 0) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.doc.title === this.alert() || this.doc.title === this.original) this.doc.title = this.original!;
    this.count = 0;
    this.showing = false;
    this.original = undefined;
  }

  private alert(): string {
    return `(${this.count}) ${this.label()} · ${this.original}`;
  }

  private step(show: boolean): void {
    // The page may have retitled itself (a single-page store navigating): follow it.
    if (this.doc.title !== this.alert() && this.doc.title !== this.original) this.original = this.doc.title;
    this.showing = show;
    this.doc.title = show ? this.alert() : this.original!;
    this.timer = this.timers.setTimeout(() => this.step(!show), STEP_MS);
  }
}
