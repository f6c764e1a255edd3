import { PROTOCOL_VERSION, type ChatContext, type ChatMessage } from '../protocol/index.js';
import { Backoff } from '../connection/backoff.js';
import { ConnectionManager, defaultSocketFactory } from '../connection/connection-manager.js';
import { originProbe } from '../connection/origin-probe.js';
import type { ConnectionStatus } from '../util/connection-status.js';
import { Conversation } from '../conversation/conversation.js';
import { Outbox, type SendResult } from '../delivery/outbox.js';
import { resolveLocale } from '../ui/i18n/locale.js';
import type { WidgetSnapshot } from '../ui/types.js';
import { Disposables } from '../util/disposables.js';
import { Emitter } from '../util/emitter.js';
import { defaultEnvironment, type Environment } from '../util/environment.js';
import type { TabSync } from '../tabs/tab-sync.js';
import { WidgetError } from '../util/errors.js';
import { conversationSink } from './inbound.js';
import { checkOptions, type WidgetOptions } from './options.js';
import { mountWidgetUi } from './ui-controller.js';
import type { WidgetEvents } from './events.js';
import { restoreConversation, type ConversationPersistence, type SavedConversation } from './persistence.js';
import { hydrate, saveOnChange } from './saved-conversation.js';
import { wireTabs } from './tab-wiring.js';
import { wireFace } from './face-wiring.js';
import { wireAnswerWatch } from './answer-wiring.js';
import { wireHandoff } from './handoff-wiring.js';
import { dialectOf, wireTransport } from './transport-wiring.js';

/** The parts that exist only between `mount()` and `destroy()`. */
interface Mounted {
  env: Environment;
  /** Known once the saved conversation is read (at once from localStorage, later from IndexedDB). */
  sessionId: string;
  /** Pending while IndexedDB is read; messages sent meanwhile wait for it, to keep their order. */
  hydrating: Promise<void> | undefined;
  connection: ConnectionManager;
  outbox: Outbox;
  subs: Disposables;
}

/**
 * The framework-agnostic widget: connection, delivery, conversation state and UI behind one
 * object. It is also an external store (`subscribe` + `getSnapshot`) for framework adapters.
 *
 * @example
 * const widget = new AIDiscoveryWidget({ socketUrl: 'https://chat.example.com' });
 * widget.mount();
 * widget.on('response', (r) => console.log(r.response));
 * await widget.send('red running shoes under $100');
 */
export class AIDiscoveryWidget {
  private readonly events = new Emitter<WidgetEvents>();
  private readonly storeListeners = new Set<() => void>();
  private readonly conversation: Conversation;
  private context: ChatContext;
  private sessionIdValue: string | undefined;
  private mounted: Mounted | undefined;
  private tabs: TabSync | undefined;
  private destroyed = false;
  private snapshot: WidgetSnapshot;

  constructor(private readonly options: WidgetOptions = {}) {
    checkOptions(options);
    this.context = { ...(options.context ?? {}) };
    this.sessionIdValue = options.sessionId;
    this.conversation = new Conversation((conversation) => this.update({ conversation }));
    this.snapshot = { status: 'idle', isOpen: options.startOpen ?? false, unread: 0, fallback: false, unsaved: false, conversation: this.conversation.current };
  }

  /** Connection state: 'idle' before `mount()` and after `destroy()`. */
  get status(): ConnectionStatus {
    return this.snapshot.status;
  }

  get isOpen(): boolean {
    return this.snapshot.isOpen;
  }

  /** The conversation id: given, or restored or made by `mount()` (with IndexedDB, by the time `ready` fires). */
  get sessionId(): string | undefined {
    return this.sessionIdValue;
  }

  /**
   * Renders the launcher and panel, restores the saved conversation and connects. Idempotent.
   * @example widget.mount();
   */
  mount(): this {
    if (this.destroyed) throw new Error('AIDiscoveryWidget: this widget was destroyed; create a new one to mount again');
    if (this.mounted) return this;
    const doc = this.options.container?.ownerDocument ?? globalThis.document;
    if (!doc) throw new Error('AIDiscoveryWidget: mount() needs a DOM; call it in the browser (in React, from an effect)');
    const win = (doc.defaultView ?? undefined) as (Window & typeof globalThis) | undefined;
    const env = defaultEnvironment(this.options.environment);
    const subs = new Disposables();
    const namespace = `ai-discovery:${this.options.storageKey ?? this.options.socketUrl ?? win?.location.origin ?? ''}`;
    let persistence: ConversationPersistence | undefined;
    const v1 = dialectOf(this.options) === 'v1';
    const path = this.options.socketPath ?? '/socket.io';
    const connection = new ConnectionManager({
      url: this.options.socketUrl,
      path,
      auth: () => ({
        sessionId: mounted.sessionId,
        client: `ai-discovery-widget/${PROTOCOL_VERSION}`,
        lastSeq: this.conversation.current.lastSeq,
        ...(this.options.token ? { token: this.options.token } : {}),
      }),
      env,
      options: this.options.reconnection ?? {},
      socketFactory: this.options.socketFactory ?? defaultSocketFactory,
      transports: this.options.transports ?? ['websocket', 'polling'],
      probe: originProbe(env.fetch, this.options.socketUrl, path, win?.location.href),
    });
    const outbox = new Outbox({
      env,
      durable: () => persistence?.flush() ?? Promise.resolve(),
      backoff: new Backoff(this.options.reconnection, env.random),
      ackTimeoutMs: this.ackTimeoutMs,
      maxPending: this.options.maxPendingMessages ?? 50,
      maxAgeMs: this.options.maxMessageAgeMs ?? 86_400_000,
      onChange: (message, state, error) => {
        const reason = error && { code: error.code, message: error.message };
        this.conversation.setDelivery(message.id, state, reason);
        if (state === 'sent') answers.acked(message);
        tabs?.post({ t: 'delivery', id: message.id, state, ...(reason ? { error: reason } : {}) });
        this.events.emit('message', { id: message.id, text: message.text, state, ...(error ? { error } : {}) });
        // A full or stale queue is the widget's own failure, not the server's: say it loudly.
        if (error && (error.code === 'overflow' || error.code === 'expired')) this.events.emit('error', error);
      },
    });
    const mounted: Mounted = { env, sessionId: '', hydrating: undefined, connection, outbox, subs };
    // Assigned once the sink exists: the sink tells the watch what it heard, the watch syncs through the sink.
    let answers: ReturnType<typeof wireAnswerWatch>;
    this.mounted = mounted;
    const requested = this.options.locale ?? this.context.locale ?? (doc.documentElement.lang || win?.navigator.language);
    const locale = resolveLocale(requested);
    // Only a v1 server can speak the hand-off extension; it says so with its first `presence`.
    const handoff = v1 ? wireHandoff({
      widget: this, events: this.events, connection, env, doc, locale, options: this.options,
      sessionId: () => mounted.sessionId,
      publish: (handoff) => this.update({ handoff }),
    }, subs) : undefined;
    const sink = conversationSink({
      sessionId: () => mounted.sessionId,
      conversation: this.conversation,
      env,
      subs,
      alive: () => this.mounted === mounted,
      error: (error) => this.events.emit('error', error),
      heard: (replyTo, final) => answers.heard(replyTo, final),
      handoff,
      shown: (response) => {
        if (!this.snapshot.isOpen) this.update({ unread: this.snapshot.unread + 1 });
        this.events.emit('response', response);
      },
    });
    answers = wireAnswerWatch({
      // Checks ask session-sync and resend by id: only a v1 server can answer either safely.
      options: v1 ? this.options.answerCheck : false,
      timers: env.timers,
      connection,
      conversation: this.conversation,
      sink,
      ackTimeoutMs: this.ackTimeoutMs,
      subs,
      onError: (error) => this.events.emit('error', error),
    });
    let tabs: TabSync | undefined;
    // Everything that needs the saved conversation: its session id, its history, its unsent messages.
    const start = (saved: SavedConversation | undefined, store: ConversationPersistence) => {
      mounted.hydrating = undefined;
      persistence = store;
      const sessionId = (this.sessionIdValue ??= saved?.sessionId ?? env.uuid());
      mounted.sessionId = sessionId;
      const unsent = saved && saved.sessionId === sessionId ? restoreConversation(saved, this.conversation, outbox) : [];
      tabs = this.tabs = wireTabs({
        name: `${namespace}:${sessionId}`,
        win,
        sessionId,
        conversation: this.conversation,
        outbox,
        unsent,
        subs,
        clearUnread: () => this.snapshot.unread > 0 && this.update({ unread: 0 }),
      });
      // Written at once, so a second tab opened before anything is said joins the same session.
      store.save(sessionId, this.conversation.current);
      saveOnChange(store, sessionId, this.subscribe, () => this.snapshot.conversation, subs);
      tabs.start();
      transport.start();
      this.events.emit('ready');
    };
    const setStatus = (status: ConnectionStatus) => {
      this.update({ status });
      this.events.emit('status', status);
    };
    subs.add(connection.on('status', setStatus));
    subs.add(connection.on('problem', (connectionProblem) => this.update({ connectionProblem })));
    subs.add(connection.on('error', (error) => this.events.emit('error', new WidgetError(error.code, error.message))));
    const transport = wireTransport({
      options: this.options, env, connection, outbox, sink, answers, subs, setStatus,
      ackTimeoutMs: this.ackTimeoutMs,
      lastSeq: () => this.conversation.current.lastSeq,
      fallback: { get: () => this.snapshot.fallback, set: (fallback) => this.snapshot.fallback !== fallback && this.update({ fallback }) },
      alive: () => this.mounted === mounted,
      onError: (error) => this.events.emit('error', error),
    });
    subs.add(connection.on('disconnect', () => {
      if (!this.snapshot.fallback) outbox.setTransport(undefined);
      this.conversation.setAgentTyping(false);
      this.conversation.pauseStreams();
      answers.disconnected();
    }));
    subs.add(() => outbox.close());
    subs.add(() => connection.stop());
    const face = this.options.face?.enabled
      ? wireFace({
          options: this.options.face,
          env,
          nonce: this.options.nonce,
          ackTimeoutMs: this.ackTimeoutMs,
          sessionId: () => this.sessionIdValue,
          socket: () => connection.socket,
          subscribe: this.subscribe,
          getSnapshot: this.getSnapshot,
          emit: (event, ...args) => this.events.emit(event, ...args),
        }, this.options.loadFace, subs)
      : undefined;
    subs.add(mountWidgetUi(doc, win, env, {
      locale,
      options: this.options,
      events: this.events,
      subscribe: this.subscribe,
      getSnapshot: this.getSnapshot,
      open: () => this.open(),
      close: () => this.close(),
      toggle: () => this.toggle(),
      reconnect: () => this.reconnect(),
      send: (text) => this.sendFromUi(text),
      // Only v1 servers know `chat-cancel`: other backends get no stop button that stops nothing.
      ...(v1 && { stop: () => this.stopAnswer() }),
      retry: (id) => void this.mounted?.outbox.retry(id)?.catch(() => {}),
    }, face));
    const hydrated = hydrate({
      choice: this.options.storage ?? 'auto',
      win,
      timers: env.timers,
      key: `${namespace}:conversation`,
      maxEntries: this.options.maxStoredMessages ?? 100,
      subs,
      alive: () => this.mounted === mounted,
      onError: (error) => this.events.emit('error', error),
      onUnsaved: () => this.update({ unsaved: true }),
    });
    if (hydrated instanceof Promise) mounted.hydrating = hydrated.then((h) => h && start(h.saved, h.store));
    else start(hydrated.saved, hydrated.store);
    return this;
  }

  /** @example widget.open(); */
  open(): void {
    if (this.snapshot.isOpen) return;
    this.update({ isOpen: true, unread: 0 });
    this.tabs?.post({ t: 'read' });
    this.events.emit('open');
  }

  /** @example widget.close(); */
  close(): void {
    if (!this.snapshot.isOpen) return;
    this.update({ isOpen: false });
    this.events.emit('close');
  }

  /** @example launcherButton.onclick = () => widget.toggle(); */
  toggle(): void {
    if (this.snapshot.isOpen) this.close();
    else this.open();
  }

  /**
   * Sends a shopper message. Resolves when the server acknowledges it; while offline it waits in
   * the queue. Rejects with a `WidgetError` when the server refuses it for good.
   * @example await widget.send('blue light glasses');
   */
  send(text: string): Promise<SendResult> {
    const mounted = this.requireMounted('send');
    if (typeof text !== 'string' || text.trim() === '') {
      return Promise.reject(new WidgetError('invalid', 'send() needs a non-empty string'));
    }
    const max = this.options.maxMessageLength ?? 4000;
    if (text.length > max) return Promise.reject(new WidgetError('too_large', `Messages are limited to ${max} characters`));
    if (mounted.hydrating) {
      return mounted.hydrating.then(() =>
        this.mounted === mounted ? this.send(text) : Promise.reject(new WidgetError('destroyed', 'The widget was destroyed before this message was queued')),
      );
    }
    const message: ChatMessage = { id: mounted.env.uuid(), sessionId: mounted.sessionId, text, sentAt: mounted.env.now() };
    if (Object.keys(this.context).length > 0) message.context = { ...this.context };
    this.conversation.addShopper({ id: message.id, text, sentAt: message.sentAt }, 'queued');
    this.tabs?.post({ t: 'shopper', entry: { id: message.id, text, sentAt: message.sentAt, state: 'queued' } });
    return mounted.outbox.add(message);
  }

  /**
   * Merges what the page knows (product viewed, cart, locale) into the context sent to the server.
   * @example widget.setContext({ product: { id: '42' } });
   */
  setContext(context: ChatContext): void {
    this.context = { ...this.context, ...context };
    const mounted = this.mounted;
    const socket = mounted?.connection.socket;
    if (mounted && socket?.connected) {
      socket.timeout(this.ackTimeoutMs).emitWithAck('context-update', { sessionId: mounted.sessionId, context: this.context }).catch(() => {
        // The context travels with every message as well, so a lost update costs nothing.
      });
    }
  }

  /**
   * Subscribes to an event; returns the function that unsubscribes.
   * @example const off = widget.on('response', (r) => render(r)); off();
   */
  on<E extends keyof WidgetEvents>(event: E, listener: WidgetEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Retries the connection after `failed` (or at once during a wait). @example widget.reconnect(); */
  reconnect(): void {
    this.mounted?.connection.reconnect();
  }

  /** External-store subscription for framework adapters (`useSyncExternalStore`). */
  subscribe = (listener: () => void): (() => void) => {
    this.storeListeners.add(listener);
    return () => this.storeListeners.delete(listener);
  };

  /** The current immutable state; a new object whenever anything changed. */
  getSnapshot = (): WidgetSnapshot => this.snapshot;

  /**
   * Removes the DOM, socket, timers and listeners. Idempotent; the widget cannot be mounted again.
   * The saved conversation stays for the next page.
   * @example widget.destroy();
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const mounted = this.mounted;
    this.mounted = undefined;
    mounted?.subs.dispose();
    this.tabs = undefined;
    this.update({ status: 'idle' });
    this.storeListeners.clear();
    this.events.clear();
  }

  private get ackTimeoutMs(): number {
    return this.options.ackTimeoutMs ?? 10_000;
  }

  private requireMounted(method: string): Mounted {
    if (this.destroyed) throw new Error(`AIDiscoveryWidget: ${method}() called after destroy()`);
    if (!this.mounted) throw new Error(`AIDiscoveryWidget: call mount() before ${method}()`);
    return this.mounted;
  }

  /** Stops the answer being written: the one streaming, or the one the assistant is preparing. */
  private stopAnswer(): void {
    const mounted = this.mounted;
    const socket = mounted?.connection.socket;
    if (!mounted || !socket?.connected) return;
    const replyTo = this.conversation.answerInProgress();
    if (replyTo === undefined) return;
    socket.timeout(this.ackTimeoutMs).emitWithAck('chat-cancel', { sessionId: mounted.sessionId, replyTo }).catch(() => {});
  }

  /** The UI has no promise to hand a refusal to, so it becomes an `error` event. */
  private sendFromUi(text: string): void {
    this.send(text).catch((error: unknown) => {
      if (error instanceof WidgetError && error.code !== 'destroyed') this.events.emit('error', error);
    });
  }

  private update(patch: Partial<WidgetSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.storeListeners]) listener();
  }
}
