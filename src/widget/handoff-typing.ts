import type { HandoffHost } from './handoff-host.js';

/** How long after the last keystroke the shopper counts as having stopped typing. */
const IDLE_MS = 3000;
/** At most one "still typing" notice per this long, however fast the shopper types. */
const RENEW_MS = 2000;

/**
 * Tells the operators when the shopper types, only while a person has the conversation (waiting
 * or claimed): the assistant has no use for it, and keystrokes are not sent anywhere else. It
 * watches the composer through the panel's shadow root, so the core bundle carries none of it.
 */
export class ShopperTyping {
  private typing = false;
  private lastSent = 0;
  private idle: unknown;

  constructor(private readonly host: HandoffHost, private readonly withPerson: () => boolean) {}

  /** Watches the composer inside `root`; returns the undo. */
  watch(root: Node): () => void {
    const onInput = (event: Event) => {
      if (!isComposer(event.target)) return;
      if ((event.target as HTMLInputElement).value.trim() === '') this.send(false);
      else this.keystroke();
    };
    const onSubmit = () => this.send(false);
    root.addEventListener('input', onInput);
    root.addEventListener('submit', onSubmit);
    return () => {
      root.removeEventListener('input', onInput);
      root.removeEventListener('submit', onSubmit);
      this.stop();
    };
  }

  /** Stops the idle timer, telling the operators the shopper stopped if they were told otherwise. */
  stop(): void {
    this.send(false);
  }

  private keystroke(): void {
    const { env } = this.host;
    if (this.idle !== undefined) env.timers.clearTimeout(this.idle);
    this.idle = env.timers.setTimeout(() => this.send(false), IDLE_MS);
    if (!this.typing || env.now() - this.lastSent >= RENEW_MS) this.send(true);
  }

  private send(typing: boolean): void {
    if (!typing && this.idle !== undefined) {
      this.host.env.timers.clearTimeout(this.idle);
      this.idle = undefined;
    }
    if (typing === this.typing && !typing) return;
    if (typing && !this.withPerson()) return;
    this.typing = typing;
    this.lastSent = this.host.env.now();
    this.host.socket()?.emit('typing', { sessionId: this.host.sessionId(), typing });
  }
}

function isComposer(target: EventTarget | null): boolean {
  return typeof (target as Element | null)?.closest === 'function' && (target as Element).closest('.composer') !== null;
}
