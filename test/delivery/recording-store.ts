import { MemorySessionStore } from '../../src/server/index';
import type { ChatResponse } from '../../src/index';

/**
 * The server's side of a delivery test: a MemorySessionStore that remembers every idempotency key
 * it was asked about (and whether it was new), every response it stored and every read after a
 * seq, and tells `note` as they happen.
 */
export class RecordingStore extends MemorySessionStore {
  readonly arrivals: { id: string; fresh: boolean }[] = [];
  readonly stored: { replyTo: string | undefined; seq: number }[] = [];
  /** When set, a read after a seq waits for the promise it returns (a slow store, on cue). */
  holdRead: ((afterSeq: number, limit: number) => Promise<void> | undefined) | undefined;

  constructor(private readonly note: (event: string) => void = () => {}) {
    super();
  }

  override async rememberMessage(sessionId: string, messageId: string): Promise<boolean> {
    const fresh = await super.rememberMessage(sessionId, messageId);
    this.arrivals.push({ id: messageId, fresh });
    this.note(`server: message ${messageId} ${fresh ? 'new' : 'duplicate'}`);
    return fresh;
  }

  override async appendResponse(sessionId: string, response: ChatResponse): Promise<void> {
    await super.appendResponse(sessionId, response);
    this.stored.push({ replyTo: response.replyTo, seq: response.seq });
    this.note(`server: stored seq ${response.seq} answering ${response.replyTo}`);
  }

  override async responsesAfter(sessionId: string, afterSeq: number, limit: number): Promise<ChatResponse[]> {
    await this.holdRead?.(afterSeq, limit);
    const responses = await super.responsesAfter(sessionId, afterSeq, limit);
    // The responder's history read starts at 0; a session-sync starts at the client's lastSeq.
    if (afterSeq > 0) this.note(`server: read after seq ${afterSeq}: ${responses.map((r) => r.seq).join(',') || 'nothing'}`);
    return responses;
  }
}

/**
 * One server process's handle on a store that outlives it, as Redis outlives a killed process:
 * after `kill()` every call it makes fails, so nothing the dead process would still have done
 * (finish an answer, store it) reaches the store. Other handles on the same store work on.
 */
export function processHandle<T extends object>(store: T): { store: T; kill: () => void } {
  let dead = false;
  const handle = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (dead ? Promise.reject(new Error('this server process is dead')) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { store: handle, kill: () => void (dead = true) };
}
