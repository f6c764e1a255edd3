import { parseChatResponse, type ChatMessage, type ChatResponse } from '../protocol/index.js';
import type { AssistantEntry, Conversation, ConversationSnapshot, ShopperEntry } from '../conversation/conversation.js';
import type { Outbox } from '../delivery/outbox.js';
import { isAsyncStorage, type AnyStorage, type AsyncKeyValueStorage, type KeyValueStorage } from '../storage/key-value.js';
import { WidgetError } from '../util/errors.js';
import { PendingJournal, type PendingMessage } from './pending-journal.js';

/** What survives a reload: enough to redraw the conversation and resend what was not delivered. */
export interface SavedConversation {
  sessionId: string;
  shopper: ShopperEntry[];
  responses: ChatResponse[];
  /** The resume point (older saves lack it: their highest seq stands in). */
  lastSeq?: number;
}

const VERSION = 1;
const STATES = new Set(['queued', 'sending', 'sent', 'failed']);

/**
 * Keeps the conversation in storage under one key per store. Storage is treated as untrusted
 * (another script, an old version or a full disk may have left anything there): what is read
 * back goes through the same validators as network input, and a failure is reported once and
 * leaves the widget working from memory.
 *
 * Synchronous storage (localStorage) is read inside `load()` itself; asynchronous storage
 * (IndexedDB) returns a promise, and its writes queue up, newest first, so that `flush()` can tell
 * the outbox when what the shopper typed is on disk. Each save gets a number; a write carries the
 * newest state, so it settles every save up to its number.
 *
 * Until such a write has committed, a reload or a closed tab would abort it: the messages shown as
 * waiting meanwhile are also kept in a synchronous journal (localStorage, beside IndexedDB), read
 * back with the conversation and dropped once a committed write holds them.
 */
export class ConversationPersistence {
  private failed = false;
  private writing = false;
  private nextWrite: { json: string; version: number; sessionId: string; ids: Set<string> } | undefined;
  private saved = 0;
  private written = 0;
  private readonly waiting: { version: number; done: () => void }[] = [];
  private readonly journal: PendingJournal | undefined;
  /** Shopper message ids the asynchronous store is known to hold: the last committed write's. */
  private stored = new Set<string>();
  /** Ids this page has put in the journal and not yet seen committed. */
  private readonly journaled = new Set<string>();

  constructor(
    private readonly storage: AnyStorage,
    private readonly key: string,
    private readonly maxEntries: number,
    /** `unsaved` when nothing more will be kept: the page alone holds the conversation from now on. */
    private readonly onError: (error: WidgetError, unsaved: boolean) => void,
    /**
     * Synchronous storage beside an asynchronous `storage`: where an older page may have left the
     * conversation (read once when `storage` has none), and where the journal of messages not yet
     * committed lives.
     */
    private readonly previous?: KeyValueStorage,
  ) {
    this.journal = previous && isAsyncStorage(storage) ? new PendingJournal(previous, `${key}:unsaved`) : undefined;
  }

  load(): SavedConversation | undefined | Promise<SavedConversation | undefined> {
    const storage = this.storage;
    if (!isAsyncStorage(storage)) {
      let raw: string | null;
      try {
        raw = storage?.getItem(this.key) ?? null;
      } catch (error) {
        this.report('read', error);
        return undefined;
      }
      return this.parse(raw);
    }
    return storage.get(this.key).then(
      (raw) => {
        let saved: SavedConversation | undefined;
        if (raw !== null || !this.previous) saved = this.parse(raw);
        else {
          // Moved, not copied: the next save writes it to IndexedDB.
          const moved = this.previous.getItem(this.key);
          this.previous.removeItem(this.key);
          saved = this.parse(moved);
        }
        if (raw !== null) this.stored = new Set(saved?.shopper.map((e) => e.id));
        return this.journal ? withPending(saved, this.journal.read()) : saved;
      },
      (error: unknown) => {
        this.report('read', error);
        return undefined;
      },
    ).catch(() => undefined);
  }

  /**
   * Resolves once every save made so far is written (or has failed and been reported); saves made
   * after the call are not waited for.
   */
  flush(): Promise<void> {
    const version = this.saved;
    if (this.written >= version) return Promise.resolve();
    return new Promise((done) => this.waiting.push({ version, done }));
  }

  private parse(raw: string | null): SavedConversation | undefined {
    if (raw === null) return undefined;
    try {
      const data = JSON.parse(raw) as { v?: unknown; sessionId?: unknown; shopper?: unknown; responses?: unknown; lastSeq?: unknown };
      if (data.v !== VERSION || typeof data.sessionId !== 'string' || !Array.isArray(data.shopper) || !Array.isArray(data.responses)) {
        throw new Error('unrecognised layout');
      }
      const shopper = data.shopper.filter(isShopperEntry);
      const responses = data.responses.flatMap((r) => {
        const parsed = parseChatResponse(r);
        return parsed.ok ? [parsed.value] : [];
      });
      const lastSeq = typeof data.lastSeq === 'number' && Number.isSafeInteger(data.lastSeq) && data.lastSeq >= 0 ? data.lastSeq : undefined;
      return { sessionId: data.sessionId, shopper, responses, ...(lastSeq !== undefined ? { lastSeq } : {}) };
    } catch (error) {
      this.onError(new WidgetError('storage', 'The saved conversation was unreadable and has been discarded', error), false);
      this.remove();
      return undefined;
    }
  }

  /** Streaming answers are left out: the final response will be saved, or fetched by sync. */
  save(sessionId: string, conversation: ConversationSnapshot): void {
    const storage = this.storage;
    if (!storage) return;
    const entries = conversation.entries.slice(-this.maxEntries);
    const data = {
      v: VERSION,
      sessionId,
      lastSeq: conversation.lastSeq,
      shopper: entries.filter((e): e is ShopperEntry => e.kind === 'shopper'),
      // Only final responses (they carry a seq): a paused or interrupted stream is fetched again by sync.
      // Ephemeral answers (to a face analysis) are shown once and never written; lastSeq already
      // counts them, so a reload does not fetch them again either.
      responses: entries.flatMap((e) => (e.kind === 'assistant' && !e.streaming && !e.ephemeral && e.seq !== undefined ? [toResponse(e, sessionId)] : [])),
    };
    const json = JSON.stringify(data);
    if (!isAsyncStorage(storage)) {
      try {
        storage.setItem(this.key, json);
      } catch (error) {
        this.report('write', error);
      }
      return;
    }
    // Before anything waits for IndexedDB: from here on a reload finds what the shopper sees waiting.
    const unstored = data.shopper.filter((e) => (e.state === 'queued' || e.state === 'sending') && !this.stored.has(e.id) && !this.journaled.has(e.id));
    if (this.journal && unstored.length > 0 && !this.failed) {
      this.journal.add(sessionId, unstored);
      for (const e of unstored) this.journaled.add(e.id);
    }
    // Only the newest state matters: saves made while a write is under way collapse into one.
    this.nextWrite = { json, version: ++this.saved, sessionId, ids: new Set(data.shopper.map((e) => e.id)) };
    if (!this.writing) void this.drain(storage);
  }

  remove(): void {
    try {
      const storage = this.storage;
      if (isAsyncStorage(storage)) storage.remove(this.key).catch(() => {});
      else storage?.removeItem(this.key);
    } catch {
      // Nothing more to lose.
    }
  }

  private async drain(storage: AsyncKeyValueStorage): Promise<void> {
    this.writing = true;
    for (let next = this.nextWrite; next !== undefined; next = this.nextWrite) {
      this.nextWrite = undefined;
      try {
        await storage.set(this.key, next.json);
        this.committed(next.sessionId, next.ids);
      } catch (error) {
        this.report('write', error);
      }
      this.written = next.version;
      for (const waiter of this.waiting.filter((w) => w.version <= next.version)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.done();
      }
    }
    this.writing = false;
  }

  private committed(sessionId: string, ids: Set<string>): void {
    this.stored = ids;
    if (!this.journal) return;
    this.journal.settle(sessionId, ids);
    for (const id of ids) this.journaled.delete(id);
  }

  /** One report per widget: a full disk fails every write, and the shopper needs telling once. */
  private report(what: 'read' | 'write', cause: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const { name = '', message: text = '' } = (cause ?? {}) as { name?: string; message?: string };
    const quota = /quota/i.test(name + text);
    const message = quota ? 'Storage is full: the conversation is kept in this page only' : `Storage ${what} failed: the conversation is kept in this page only`;
    this.onError(new WidgetError('storage', message, cause), true);
  }
}

/**
 * Adds what the journal kept and the store does not hold: messages shown as waiting whose write
 * never committed. They are the newest, so they go last; an id the store holds keeps its state.
 */
function withPending(saved: SavedConversation | undefined, pending: PendingMessage[]): SavedConversation | undefined {
  const sessionId = saved?.sessionId ?? pending.at(-1)?.sessionId;
  if (sessionId === undefined) return saved;
  const known = new Set(saved?.shopper.map((e) => e.id));
  const missing = pending.filter((m) => m.sessionId === sessionId && !known.has(m.id));
  if (missing.length === 0) return saved;
  const added: ShopperEntry[] = missing.map(({ id, text, sentAt }) => ({ kind: 'shopper', id, text, sentAt, state: 'queued' }));
  return { ...(saved ?? { sessionId, responses: [] }), shopper: [...(saved?.shopper ?? []), ...added] };
}

function toResponse(entry: AssistantEntry, sessionId: string): ChatResponse {
  const { kind: _kind, streaming: _streaming, text, blocks, seq, ...rest } = entry;
  return { ...rest, sessionId, seq: seq!, response: text, blocks: [...blocks] };
}

function isShopperEntry(value: unknown): value is ShopperEntry {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return e.kind === 'shopper' && typeof e.id === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(e.id) && typeof e.text === 'string' &&
    e.text.length <= 10_000 && typeof e.sentAt === 'number' && typeof e.state === 'string' && STATES.has(e.state);
}

/**
 * Redraws a saved conversation. Returns the messages that were never acknowledged, for the tab
 * that drains the queue to send again with their ids; failed ones can be retried from the outbox.
 */
export function restoreConversation(saved: SavedConversation, conversation: Conversation, outbox: Outbox): ChatMessage[] {
  const unsent: ChatMessage[] = [];
  for (const entry of saved.shopper) {
    const pending = entry.state === 'queued' || entry.state === 'sending';
    conversation.addShopper({ id: entry.id, text: entry.text, sentAt: entry.sentAt, ...(entry.error ? { error: entry.error } : {}) }, pending ? 'queued' : entry.state);
    const message: ChatMessage = { id: entry.id, sessionId: saved.sessionId, text: entry.text, sentAt: entry.sentAt };
    if (pending) unsent.push(message);
    else if (entry.state === 'failed') outbox.addFailed(message);
  }
  for (const response of [...saved.responses].sort((a, b) => a.seq - b.seq)) conversation.applyResponse(response);
  // The saved responses are only the latest few: without the saved resume point, resume after them.
  conversation.resumeAfter(saved.lastSeq ?? saved.responses.reduce((max, r) => Math.max(max, r.seq), 0));
  return unsent;
}
