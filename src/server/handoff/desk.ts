import type {
  ConversationSummary, HandoffReason, HandoffState, OperatorIdentity, ShopperPresence, TranscriptEntry,
} from '../../protocol/handoff.js';
import { ProtocolFailure } from '../../protocol/index.js';
import type { SessionStore } from '../sessions/session-store.js';
import { newRecord, type ConversationRecord, type ConversationStore } from './conversation-store.js';
import type { OpeningHours, OperatorNotifier, PresenceRegistry } from './contracts.js';
import { previewOf, type DeskOutlet } from './desk-outlet.js';
import type { WaitEstimate } from './wait-estimate.js';

export interface DeskDeps {
  conversations: ConversationStore;
  sessions: SessionStore;
  presence: PresenceRegistry;
  notifier: OperatorNotifier | undefined;
  hours: OpeningHours | undefined;
  estimate: WaitEstimate;
  outlet: DeskOutlet;
  now: () => number;
  onError: (error: unknown, where: string) => void;
}

/** Attempts at a compare-and-set before giving up: each failure means another writer moved on. */
const MAX_ATTEMPTS = 20;

type Decision = ConversationRecord | 'unchanged';

/**
 * The hand-off desk: who answers each conversation (assistant, waiting, operator), and every
 * change to that, each one a compare-and-set on the conversation's record so that two operators
 * claiming at once, on one process or two, cannot both win. After each change the shopper's tabs
 * get `handoff-state` and the operators `conversation-updated`. Refusals are ProtocolFailures
 * (`invalid` for an unknown conversation or a move its mode does not allow, `unauthorized` for
 * an operator acting on another's claim), which the namespaces turn into acks.
 */
export class HandoffDesk {
  constructor(private readonly deps: DeskDeps) {}

  /** What shoppers see before they ask: someone online, and the store open. */
  async shopperPresence(): Promise<ShopperPresence> {
    const available = this.open() && (await this.anyoneOnline());
    const wait = this.deps.estimate.expectedMs;
    return available && wait !== undefined ? { available, expectedWaitMs: wait } : { available };
  }

  async state(sessionId: string): Promise<HandoffState> {
    return this.stateOf(sessionId, await this.deps.conversations.read(sessionId));
  }

  /** States of the conversations waiting for a person (of the most recent `limit`). */
  async waitingStates(limit = 200): Promise<HandoffState[]> {
    const waiting = (await this.deps.conversations.list(limit)).filter((record) => record.mode === 'waiting');
    return Promise.all(waiting.map((record) => this.stateOf(record.sessionId, record)));
  }

  /** The record of a conversation operators may act on; `invalid` for one never handed off. */
  async known(sessionId: string): Promise<ConversationRecord> {
    const record = await this.deps.conversations.read(sessionId);
    if (record === undefined) throw new ProtocolFailure('invalid', 'no such conversation');
    return record;
  }

  /** The inbox's view of a conversation, with unread counted for `operatorId` (see `unreadFor`). */
  async summary(record: ConversationRecord, operatorId?: string): Promise<ConversationSummary> {
    const summary: ConversationSummary = {
      sessionId: record.sessionId, mode: record.mode, lastAt: record.lastAt, preview: record.preview,
      unread: unreadFor(record, operatorId), shopperSeenSeq: record.shopperSeenSeq,
      context: await this.deps.sessions.getContext(record.sessionId),
    };
    if (record.assignee !== undefined) summary.assignee = record.assignee;
    if (record.assigneeName !== undefined) summary.assigneeName = record.assigneeName;
    if (record.handedOffAt !== undefined) summary.handedOffAt = record.handedOffAt;
    if (record.contact !== undefined) summary.contact = record.contact;
    return summary;
  }

  /**
   * Moves the conversation to `waiting` unless it already is with the operators. Returns the
   * state and whether this call did it (only then is the shopper answered with the wait text).
   */
  async handOff(sessionId: string, reason: HandoffReason, detail?: string): Promise<{ state: HandoffState; started: boolean }> {
    const now = this.deps.now();
    const { record, changed } = await this.change(sessionId, (current) => {
      if (current !== undefined && current.mode !== 'assistant') return 'unchanged';
      const { assignee: _a, assigneeName: _n, ...rest } = current ?? newRecord(sessionId, now);
      return { ...rest, mode: 'waiting', handedOffAt: now, reason: detail ?? reason, lastAt: now };
    });
    if (changed) {
      await this.event(record, { kind: 'event', at: now, event: 'handoff', reason: detail ?? reason });
      this.notify({ kind: 'waiting', sessionId, preview: record.preview, operatorIds: 'all' });
    }
    const state = await this.stateOf(sessionId, record);
    if (changed) await this.publish(record, state);
    return { state, started: changed };
  }

  /**
   * Takes a conversation for `operator`: from `waiting`, or from `assistant` (an operator stepping
   * in before being asked). Claiming one's own claim again is a no-op; another's is refused.
   */
  async claim(sessionId: string, operator: OperatorIdentity): Promise<ConversationSummary> {
    const now = this.deps.now();
    const before = await this.known(sessionId);
    const { record, changed } = await this.change(sessionId, (current) => {
      if (current === undefined) throw new ProtocolFailure('invalid', 'no such conversation');
      if (current.mode === 'operator') {
        if (current.assignee === operator.id) return 'unchanged';
        throw new ProtocolFailure('unauthorized', 'another operator has claimed this conversation');
      }
      return { ...current, mode: 'operator', assignee: operator.id, assigneeName: operator.name, handedOffAt: current.handedOffAt ?? now, lastAt: now };
    });
    if (changed) {
      if (before.mode === 'waiting' && before.handedOffAt !== undefined) this.deps.estimate.record(before.handedOffAt, now);
      await this.event(record, { kind: 'event', at: now, event: 'claimed', by: operator.name });
      await this.publish(record);
    }
    return this.summary(record, operator.id);
  }

  /** The assignee gives the conversation back to the waiting list. */
  async release(sessionId: string, operator: OperatorIdentity): Promise<ConversationSummary> {
    const now = this.deps.now();
    const { record } = await this.change(sessionId, (current) => {
      const mine = assigned(current, operator);
      const { assignee: _a, assigneeName: _n, ...rest } = mine;
      return { ...rest, mode: 'waiting', lastAt: now };
    });
    await this.event(record, { kind: 'event', at: now, event: 'released', by: operator.name });
    await this.publish(record);
    return this.summary(record, operator.id);
  }

  /**
   * Back to the assistant: by the assignee of a claimed conversation, or by any operator for one
   * still waiting (nobody's claim is overruled). The responder answers the next message.
   */
  async handBack(sessionId: string, operator: OperatorIdentity): Promise<ConversationSummary> {
    const now = this.deps.now();
    const { record, changed } = await this.change(sessionId, (current) => {
      if (current === undefined) throw new ProtocolFailure('invalid', 'no such conversation');
      if (current.mode === 'assistant') return 'unchanged';
      const { assignee: _a, assigneeName: _n, handedOffAt: _h, ...rest } = current.mode === 'operator' ? assigned(current, operator) : current;
      return { ...rest, mode: 'assistant', lastAt: now };
    });
    if (changed) {
      await this.event(record, { kind: 'event', at: now, event: 'handed-back', by: operator.name });
      await this.publish(record);
    }
    return this.summary(record, operator.id);
  }

  /** The shopper's email for a reply; only for a conversation with the operators. */
  async leaveContact(sessionId: string, email: string): Promise<void> {
    const now = this.deps.now();
    const { record, changed } = await this.change(sessionId, (current) => {
      if (current === undefined || current.mode === 'assistant') throw new ProtocolFailure('invalid', 'the conversation is not with the store\'s team');
      return current.contact === email ? 'unchanged' : { ...current, contact: email, lastAt: now };
    });
    if (!changed) return;
    await this.event(record, { kind: 'event', at: now, event: 'contact-left' });
    await this.publish(record);
  }

  /** The shopper's "seen" marker; only moves forward, and only for conversations operators see. */
  async seen(sessionId: string, seq: number): Promise<void> {
    const { record, changed } = await this.change(sessionId, (current) => {
      if (current === undefined || seq <= current.shopperSeenSeq) return 'unchanged';
      return { ...current, shopperSeenSeq: seq };
    });
    if (changed) this.deps.outlet.operators('conversation-updated', await this.summary(record));
  }

  async markRead(sessionId: string, operator: OperatorIdentity): Promise<void> {
    await this.known(sessionId);
    await this.change(sessionId, (current) => {
      if (current === undefined) throw new ProtocolFailure('invalid', 'no such conversation');
      return current.readBy[operator.id] === current.shopperMessages ? 'unchanged' : { ...current, readBy: { ...current.readBy, [operator.id]: current.shopperMessages } };
    });
  }

  /**
   * Records an entry in the transcript (once per `key`) and, for a conversation operators see,
   * moves its last activity, preview and shopper count. Returns whether the entry was new.
   */
  async record(sessionId: string, key: string, entry: TranscriptEntry, at: number): Promise<{ fresh: boolean; record: ConversationRecord | undefined }> {
    const appended = await this.deps.conversations.appendEntry(sessionId, key, entry);
    if (!appended.fresh) return { fresh: false, record: await this.deps.conversations.read(sessionId) };
    const counts = entry.kind === 'shopper' ? 1 : 0;
    const { record } = await this.change(sessionId, (current) => {
      if (current === undefined) return 'unchanged';
      // Shopper messages count as unread only while the operators have the conversation.
      const shopperMessages = current.shopperMessages + (current.mode === 'assistant' ? 0 : counts);
      return { ...current, shopperMessages, lastAt: at, preview: previewOf(entry) || current.preview };
    });
    return { fresh: true, record };
  }

  /** Sends the record's news: `handoff-state` to the shopper's tabs, its summary to operators. */
  async publish(record: ConversationRecord, state?: HandoffState): Promise<void> {
    this.deps.outlet.shopper(record.sessionId, 'handoff-state', state ?? (await this.stateOf(record.sessionId, record)));
    this.deps.outlet.operators('conversation-updated', await this.summary(record));
  }

  notify(notice: Parameters<OperatorNotifier['notify']>[0]): void {
    this.deps.notifier?.notify(notice).catch((error: unknown) => this.deps.onError(error, 'operator notifier'));
  }

  private async event(record: ConversationRecord, entry: TranscriptEntry & { kind: 'event' }): Promise<void> {
    // Keyed by the record's version: the entry of one change is written once.
    await this.deps.conversations.appendEntry(record.sessionId, `e:${record.version}`, entry);
    this.deps.outlet.operators('conversation-entry', { sessionId: record.sessionId, entry });
  }

  private async stateOf(sessionId: string, record: ConversationRecord | undefined): Promise<HandoffState> {
    const now = this.deps.now();
    const mode = record?.mode ?? 'assistant';
    const open = this.open();
    const online = mode === 'waiting' && (await this.anyoneOnline());
    const state: HandoffState = {
      sessionId, mode, open, askContact: mode === 'waiting' && !(open && online), contactLeft: record?.contact !== undefined, updatedAt: record?.lastAt ?? now,
    };
    if (mode === 'operator' && record?.assigneeName !== undefined) state.operator = { name: record.assigneeName };
    const wait = this.deps.estimate.expectedMs;
    if (mode === 'waiting' && open && online && wait !== undefined) state.expectedWaitMs = wait;
    return state;
  }

  private open(): boolean {
    return this.deps.hours?.isOpen(this.deps.now()) ?? true;
  }

  private async anyoneOnline(): Promise<boolean> {
    try {
      return (await this.deps.presence.list()).some((operator) => operator.state === 'online');
    } catch (error) {
      this.deps.onError(error, 'presence registry');
      return false;
    }
  }

  /** Read, decide, compare-and-set; again on a lost race, deciding afresh on what won it. */
  private async change(sessionId: string, decide: (current: ConversationRecord | undefined) => Decision): Promise<{ record: ConversationRecord; changed: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.deps.conversations.read(sessionId);
      const decision = decide(current);
      if (decision === 'unchanged') return { record: current ?? newRecord(sessionId, this.deps.now()), changed: false };
      const next = { ...decision, version: (current?.version ?? 0) + 1 };
      if (await this.deps.conversations.write(next)) return { record: next, changed: true };
    }
    throw new ProtocolFailure('unavailable', 'the conversation is changing too fast: try again');
  }
}

/** The record, if `operator` holds its claim; refuses otherwise. */
function assigned(record: ConversationRecord | undefined, operator: OperatorIdentity): ConversationRecord {
  if (record === undefined) throw new ProtocolFailure('invalid', 'no such conversation');
  if (record.mode !== 'operator') throw new ProtocolFailure('invalid', 'the conversation is not claimed');
  if (record.assignee !== operator.id) throw new ProtocolFailure('unauthorized', 'another operator has claimed this conversation');
  return record;
}

/**
 * Shopper messages `operatorId` has not marked read. Without an operator (a broadcast), counted
 * for the assignee of a claimed conversation, and otherwise since the latest read by anyone.
 */
function unreadFor(record: ConversationRecord, operatorId: string | undefined): number {
  const reader = operatorId ?? record.assignee;
  const mark = reader !== undefined ? record.readBy[reader] ?? 0 : Math.max(0, ...Object.values(record.readBy));
  return Math.max(0, record.shopperMessages - mark);
}
