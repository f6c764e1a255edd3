import { ProtocolFailure } from '../protocol/errors.js';
import type { ConversationSummary, TranscriptEntry } from '../protocol/handoff.js';
import type { Block, ProductItem } from '../protocol/types.js';
import { ackedRequest } from './acked-request.js';
import { InboxAlerts } from './alerts.js';
import type { OperatorSocket, ResolvedInboxOptions } from './inbox-options.js';
import {
  SIGNED_OUT, appendEntry, toggle, unreadTotal, upsertPresence, upsertSummary, type InboxSnapshot, type PendingReply,
} from './inbox-state.js';
import { OperatorSessionStore, SignInError } from './operator-session.js';
import { PresenceTracker } from './presence-tracker.js';
import * as read from './readers.js';

type Listener = () => void;

/** A typing notice ends by itself after this long without a key. */
const TYPING_IDLE_MS = 3000;

/**
 * The inbox's core, an external store for the page: signs in, holds the `/operators` socket, reads
 * (and validates) everything it sends, and turns the operator's clicks into acknowledged events.
 * The UI never sees the socket.
 */
export class InboxClient {
  private snapshot: InboxSnapshot = SIGNED_OUT;
  private readonly listeners = new Set<Listener>();
  private socket: OperatorSocket | undefined;
  private readonly sessions: OperatorSessionStore;
  private readonly alerts: InboxAlerts;
  private readonly presence: PresenceTracker;
  private typingIn: string | undefined;
  private typingTimer: unknown;

  constructor(
    private readonly doc: Document,
    private readonly options: ResolvedInboxOptions,
  ) {
    this.sessions = new OperatorSessionStore(options.storage, options.fetch, new URL('api/login', options.pageUrl).href, options.now);
    this.alerts = new InboxAlerts(doc, options.notifications, options.audio, options.title, (id) => this.open(id));
    this.presence = new PresenceTracker(doc, options.timers, options.now, options.idleMs, (state) => {
      this.socket?.emit('presence', { state });
      // Back at the tab: what arrived in the open conversation meanwhile is read now.
      if (state === 'online' && this.snapshot.openId) this.markRead(this.snapshot.openId);
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot = (): InboxSnapshot => this.snapshot;

  /** Connects with the tab's saved session, if it has one. */
  start(): void {
    this.update({ notifications: this.alerts.permission() });
    const saved = this.sessions.load();
    if (saved) this.connect(saved.token);
  }

  async signIn(login: string, password: string): Promise<void> {
    this.update({ phase: 'signing-in', signInProblem: undefined });
    try {
      const session = await this.sessions.login(login, password);
      this.connect(session.token);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      this.update({ phase: 'signed-out', signInProblem: error.code });
    }
  }

  signOut(problem?: 'expired'): void {
    this.sessions.clear();
    this.disconnect();
    this.snapshot = { ...SIGNED_OUT, notifications: this.snapshot.notifications, sound: this.snapshot.sound, signInProblem: problem };
    this.alerts.setUnread(0);
    this.emitChange();
  }

  destroy(): void {
    this.disconnect();
    this.alerts.close();
    this.listeners.clear();
  }

  async enableNotifications(): Promise<void> {
    const notifications = await this.alerts.enable();
    this.update({ notifications, sound: this.alerts.soundOn() });
    const token = this.sessions.load()?.token;
    if (notifications === 'granted' && token !== undefined && this.options.push) this.update({ push: (await this.options.push(token)) ? 'on' : 'failed' });
  }

  open(sessionId: string): void {
    this.update({ openId: sessionId, detail: undefined, failure: undefined });
    this.request('conversation-open', { sessionId }, read.readConversationAck).then((detail) => {
      if (!detail || this.snapshot.openId !== sessionId) return;
      this.update({ detail, conversations: upsertSummary(this.snapshot.conversations, detail.summary, this.snapshot.me?.id) });
      this.markRead(sessionId);
    });
  }

  closeConversation(): void {
    this.stopTyping();
    this.update({ openId: undefined, detail: undefined });
  }

  claim(sessionId: string): Promise<void> {
    return this.changeState('claim', sessionId);
  }

  release(sessionId: string): Promise<void> {
    return this.changeState('release', sessionId);
  }

  handBack(sessionId: string): Promise<void> {
    return this.changeState('hand-back', sessionId);
  }

  /** Sends a reply; a failed one stays in `pending` and `retry` sends it again under the same id. */
  reply(sessionId: string, text: string, products: readonly ProductItem[] = []): void {
    this.stopTyping();
    const blocks: Block[] = products.length > 0 ? [{ type: 'products', items: [...products] }] : [];
    this.sendReply({ id: this.options.uuid(), sessionId, text, blocks, failed: false });
  }

  retry(id: string): void {
    const pending = this.snapshot.pending.find((p) => p.id === id);
    if (pending) this.sendReply({ ...pending, failed: false });
  }

  /** Call on each edit of the reply: tells the shopper an operator is typing until the edits stop. */
  composing(sessionId: string): void {
    if (this.typingIn !== sessionId) {
      this.stopTyping();
      this.typingIn = sessionId;
      this.socket?.emit('typing', { sessionId, typing: true });
    }
    this.options.timers.clearTimeout(this.typingTimer);
    this.typingTimer = this.options.timers.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping(): void {
    this.options.timers.clearTimeout(this.typingTimer);
    if (this.typingIn !== undefined) this.socket?.emit('typing', { sessionId: this.typingIn, typing: false });
    this.typingIn = undefined;
  }

  async searchCatalog(query: string): Promise<ProductItem[]> {
    return (await this.request('catalog-search', { query, limit: 8 }, read.readCatalogItems)) ?? [];
  }

  private sendReply(reply: PendingReply): void {
    this.update({ pending: [...this.snapshot.pending.filter((p) => p.id !== reply.id), reply] });
    const { id, sessionId, text, blocks } = reply;
    this.request('reply', blocks.length > 0 ? { id, sessionId, text, blocks } : { id, sessionId, text }, read.readReplyAck).then((ack) => {
      if (!ack) {
        this.update({ pending: this.snapshot.pending.map((p) => (p.id === id ? { ...p, failed: true } : p)) });
        return;
      }
      const me = this.snapshot.me;
      const entry: TranscriptEntry = {
        kind: 'operator',
        operatorId: me?.id ?? 'op:me',
        response: { success: true, id, seq: ack.seq, sessionId, timestamp: this.options.now(), response: text, provider: 'operator', ...(blocks.length > 0 ? { blocks } : {}) },
      };
      const detail = this.snapshot.detail?.summary.sessionId === sessionId ? appendEntry(this.snapshot.detail, entry) : this.snapshot.detail;
      this.update({ detail, pending: this.snapshot.pending.filter((p) => p.id !== id) });
    });
  }

  private async changeState(event: 'claim' | 'release' | 'hand-back', sessionId: string): Promise<void> {
    const summary = await this.request(event, { sessionId }, read.readSummaryAck);
    if (summary) this.applySummary(summary);
  }

  private markRead(sessionId: string): void {
    if (this.doc.visibilityState === 'hidden') return;
    const summary = this.snapshot.conversations.find((c) => c.sessionId === sessionId);
    if (summary && summary.unread > 0) this.applySummary({ ...summary, unread: 0 });
    this.socket?.emit('mark-read', { sessionId }, () => {});
  }

  /**
   * Emits with an ack and reads the answer; resolves undefined (and says why in `failure`) when
   * the server refused, did not answer in time, or answered something unreadable.
   */
  private async request<T>(event: string, payload: object, reader: (r: Record<string, unknown>) => T): Promise<T | undefined> {
    if (!this.socket) return undefined;
    const ack = await ackedRequest(this.socket, this.options.ackTimeoutMs, event, payload, reader);
    if (ack.ok) return ack.value;
    if (ack.error.code === 'unauthorized') this.signOut('expired');
    return this.fail(ack.error.message);
  }

  private fail(message: string): undefined {
    this.update({ failure: message });
    return undefined;
  }

  private connect(token: string): void {
    this.disconnect();
    this.update({ phase: 'signed-in', signInProblem: undefined, connected: false });
    const origin = new URL(this.options.pageUrl).origin;
    const socket = this.options.connect(`${origin}/operators`, { path: this.options.socketPath, auth: { token } });
    this.socket = socket;
    socket.on('connect', () => void this.load());
    socket.on('disconnect', () => this.update({ connected: false }));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (/unauthori[sz]ed|expired|forbidden/i.test(error.message) || error.data?.code === 'unauthorized') this.signOut('expired');
    });
    socket.on('session-expired', () => this.signOut('expired'));
    socket.on('conversation-updated', (raw) => this.guard(() => this.applySummary(read.readSummary(raw), true)));
    socket.on('conversation-entry', (raw) => this.guard(() => this.applyEntry(read.readEntryEvent(raw))));
    socket.on('shopper-typing', (raw) =>
      this.guard(() => {
        const { sessionId, typing } = read.readShopperTyping(raw);
        this.update({ shopperTyping: toggle(this.snapshot.shopperTyping, sessionId, typing) });
      }),
    );
    socket.on('operator-typing', (raw) =>
      this.guard(() => {
        const { sessionId, operatorId, typing } = read.readOperatorTyping(raw);
        if (operatorId === this.snapshot.me?.id) return;
        const name = this.snapshot.operators.find((o) => o.operatorId === operatorId)?.name ?? operatorId;
        const current = this.snapshot.operatorsTyping[sessionId] ?? [];
        this.update({ operatorsTyping: { ...this.snapshot.operatorsTyping, [sessionId]: toggle(current, name, typing) } });
      }),
    );
    socket.on('presence-updated', (raw) => this.guard(() => this.update({ operators: upsertPresence(this.snapshot.operators, read.readPresence(raw)) })));
    this.presence.start();
  }

  private async load(): Promise<void> {
    this.socket?.emit('presence', { state: this.presence.current() });
    const list = await this.request('inbox-list', {}, read.readInboxList);
    if (!list) return;
    const conversations = list.conversations.reduce<ConversationSummary[]>((acc, c) => upsertSummary(acc, c, list.me.id), []);
    this.update({ connected: true, me: list.me, operators: list.operators, conversations });
    this.alerts.setUnread(unreadTotal(conversations));
    // After a reconnect the open conversation may have moved on: fetch it again.
    if (this.snapshot.openId) this.open(this.snapshot.openId);
  }

  private applySummary(summary: ConversationSummary, live = false): void {
    const before = this.snapshot.conversations.find((c) => c.sessionId === summary.sessionId);
    const conversations = upsertSummary(this.snapshot.conversations, summary, this.snapshot.me?.id);
    const detail = this.snapshot.detail?.summary.sessionId === summary.sessionId ? { ...this.snapshot.detail, summary } : this.snapshot.detail;
    this.update({ conversations, detail });
    this.alerts.setUnread(unreadTotal(conversations));
    // The operator is looking at it: nothing in it is unread.
    if (summary.unread > 0 && detail?.summary.sessionId === summary.sessionId) this.markRead(summary.sessionId);
    if (live && summary.mode === 'waiting' && before?.mode !== 'waiting') {
      this.alerts.alert({ kind: 'waiting', sessionId: summary.sessionId, preview: summary.preview }, this.snapshot.openId);
    }
  }

  private applyEntry({ sessionId, entry }: { sessionId: string; entry: TranscriptEntry }): void {
    const open = this.snapshot.detail?.summary.sessionId === sessionId ? this.snapshot.detail : undefined;
    if (open) this.update({ detail: appendEntry(open, entry) });
    if (entry.kind !== 'shopper') return;
    this.update({ shopperTyping: toggle(this.snapshot.shopperTyping, sessionId, false) });
    const summary = this.snapshot.conversations.find((c) => c.sessionId === sessionId);
    if (summary?.mode === 'operator' && summary.assignee === this.snapshot.me?.id) {
      this.alerts.alert({ kind: 'shopper-message', sessionId, preview: entry.text }, this.snapshot.openId);
    }
    if (open) this.markRead(sessionId);
  }

  /** A payload that does not read is dropped: the rest of the inbox goes on. */
  private guard(apply: () => void): void {
    try {
      apply();
    } catch (error) {
      if (!(error instanceof ProtocolFailure)) throw error;
    }
  }

  private disconnect(): void {
    this.stopTyping();
    this.presence.stop();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
  }

  private update(patch: Partial<InboxSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.emitChange();
  }

  private emitChange(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
