import type { ChatResponse } from '../protocol/index.js';
import { Disposables } from '../util/disposables.js';
import type { HandoffHost } from './handoff-host.js';
import { TitleAlert } from './handoff-title.js';

/**
 * Who has seen what: tells the server `seen` (the highest response seq shown) while the panel is
 * open and the page visible, and while not, counts operator replies in the tab title.
 */
export class HandoffAttention {
  private readonly subs = new Disposables();
  private readonly title: TitleAlert;
  private sent = 0;

  constructor(private readonly host: HandoffHost, label: () => string) {
    this.title = new TitleAlert(host.doc, host.env.timers, label);
  }

  start(): void {
    const { host, subs } = this;
    subs.add(host.subscribe(() => this.check()));
    subs.add(host.onConnect(() => this.check()));
    // Hidden is heard from the page; visible again also through the environment (tests drive it).
    subs.listen(host.doc, 'visibilitychange', () => this.check());
    subs.add(host.env.network.onResume(() => this.check()));
    subs.add(host.on('response', (response) => this.arrived(response)));
    subs.add(() => this.title.clear());
    this.check();
  }

  destroy(): void {
    this.subs.dispose();
  }

  private looking(): boolean {
    return this.host.getSnapshot().isOpen && this.host.env.network.isVisible();
  }

  private arrived(response: ChatResponse): void {
    if (response.author && !this.looking()) this.title.bump();
  }

  private check(): void {
    if (!this.looking()) return;
    this.title.clear();
    let seq = 0;
    for (const entry of this.host.getSnapshot().conversation.entries) {
      if (entry.kind === 'assistant' && entry.seq !== undefined && entry.seq > seq) seq = entry.seq;
    }
    const socket = this.host.socket();
    if (seq <= this.sent || !socket?.connected) return;
    this.sent = seq;
    socket.emit('seen', { sessionId: this.host.sessionId(), seq });
  }
}
