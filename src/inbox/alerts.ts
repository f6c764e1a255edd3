import type { NotificationApi } from './inbox-options.js';

/** What an alert is about: a conversation newly waiting, or a shopper writing in one I claimed. */
export interface Alert {
  kind: 'waiting' | 'shopper-message';
  sessionId: string;
  /** What the shopper wrote, as plain text (a notification body is never HTML). */
  preview: string;
}

/**
 * Tells the operator about a shopper without the page in front of them: a system notification
 * (only once they allowed it from a button; never asked on load, which browsers punish and people
 * refuse) and a short tone made with WebAudio, so the page ships no audio file and its CSP needs
 * no media source. The tab title carries the unread total.
 */
export class InboxAlerts {
  private audio: AudioContext | undefined;

  constructor(
    private readonly doc: Document,
    private readonly api: NotificationApi | undefined,
    private readonly makeAudio: (() => AudioContext) | undefined,
    private readonly title: string,
    private readonly onOpen: (sessionId: string) => void,
  ) {}

  permission(): NotificationPermission | 'unsupported' {
    return this.api ? this.api.permission : 'unsupported';
  }

  soundOn(): boolean {
    return this.audio !== undefined;
  }

  /**
   * Call from a click: asks for the notification permission and starts the audio context, which
   * browsers only let a user gesture start.
   */
  async enable(): Promise<NotificationPermission | 'unsupported'> {
    this.unlockAudio();
    if (!this.api) return 'unsupported';
    if (this.api.permission !== 'default') return this.api.permission;
    return this.api.requestPermission();
  }

  /** Alerts only when the operator cannot already see it: the tab is hidden or another conversation is open. */
  alert(alert: Alert, openId: string | undefined): void {
    if (this.doc.visibilityState !== 'hidden' && openId === alert.sessionId) return;
    this.beep();
    if (this.api?.permission !== 'granted') return;
    const title = alert.kind === 'waiting' ? 'A shopper is waiting' : 'New message from a shopper';
    const notification = new this.api(title, { body: alert.preview.slice(0, 140), tag: `aid-${alert.sessionId}` });
    notification.onclick = () => {
      this.doc.defaultView?.focus();
      this.onOpen(alert.sessionId);
      notification.close();
    };
  }

  /** "(3) Inbox": the unread total where the operator sees it with the tab in the background. */
  setUnread(total: number): void {
    this.doc.title = total > 0 ? `(${total}) ${this.title}` : this.title;
  }

  close(): void {
    void this.audio?.close();
    this.audio = undefined;
  }

  private unlockAudio(): void {
    if (!this.audio && this.makeAudio) this.audio = this.makeAudio();
    void this.audio?.resume();
  }

  /** Two short rising tones, soft enough for an office. */
  private beep(): void {
    const ctx = this.audio;
    if (!ctx || ctx.state !== 'running') return;
    const start = ctx.currentTime;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
    for (const [offset, frequency] of [[0, 660], [0.12, 880]] as const) {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(start + offset);
      osc.stop(start + offset + 0.16);
    }
  }
}
