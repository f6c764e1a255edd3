import type { ConversationDetail, ConversationSummary, OperatorIdentity, OperatorPresence, TranscriptEntry } from '../protocol/handoff.js';
import type { Block } from '../protocol/types.js';

/** Why the sign-in screen shows: never signed in, wrong credentials, or the session ran out. */
export type SignInProblem = 'credentials' | 'expired' | 'unreachable' | 'rate-limited';

/** A reply the server has not confirmed yet; `failed` ones keep their id for the retry. */
export interface PendingReply {
  id: string;
  sessionId: string;
  text: string;
  blocks: Block[];
  failed: boolean;
}

/** Everything the inbox page renders, as one immutable value. */
export interface InboxSnapshot {
  phase: 'signed-out' | 'signing-in' | 'signed-in';
  signInProblem?: SignInProblem;
  /** The `/operators` socket is connected and the list loaded. */
  connected: boolean;
  me?: OperatorIdentity;
  /** Waiting first (longest waiting on top), then mine, then the rest, each newest first. */
  conversations: readonly ConversationSummary[];
  operators: readonly OperatorPresence[];
  openId?: string;
  /** The open conversation's history, once loaded. */
  detail?: ConversationDetail;
  /** Sessions whose shopper is typing. */
  shopperTyping: readonly string[];
  /** Names of other operators typing, per session. */
  operatorsTyping: Readonly<Record<string, readonly string[]>>;
  pending: readonly PendingReply[];
  /** The last action the server refused, in words for the operator. */
  failure?: string;
  notifications: NotificationPermission | 'unsupported';
  /** The alert tone can play: the operator turned alerts on from the button (browsers need that click). */
  sound: boolean;
  /** Web Push for this browser: on, or tried and refused (blocked, unsupported, incognito). */
  push?: 'on' | 'failed';
}

export const SIGNED_OUT: InboxSnapshot = {
  phase: 'signed-out',
  connected: false,
  conversations: [],
  operators: [],
  shopperTyping: [],
  operatorsTyping: {},
  pending: [],
  notifications: 'unsupported',
  sound: false,
};

function group(summary: ConversationSummary, meId: string | undefined): number {
  if (summary.mode === 'waiting') return 0;
  if (summary.mode === 'operator' && summary.assignee !== undefined && summary.assignee === meId) return 1;
  return 2;
}

/** The list's order: waiting by when they were handed off (oldest first), then mine, then others. */
export function sortConversations(list: readonly ConversationSummary[], meId: string | undefined): ConversationSummary[] {
  return [...list].sort((a, b) => {
    const ga = group(a, meId);
    const gb = group(b, meId);
    if (ga !== gb) return ga - gb;
    if (ga === 0) return (a.handedOffAt ?? a.lastAt) - (b.handedOffAt ?? b.lastAt);
    return b.lastAt - a.lastAt;
  });
}

export function upsertSummary(list: readonly ConversationSummary[], summary: ConversationSummary, meId: string | undefined): ConversationSummary[] {
  const rest = list.filter((c) => c.sessionId !== summary.sessionId);
  return sortConversations([...rest, summary], meId);
}

export function upsertPresence(list: readonly OperatorPresence[], presence: OperatorPresence): OperatorPresence[] {
  const rest = list.filter((p) => p.operatorId !== presence.operatorId);
  return [...rest, presence].sort((a, b) => a.name.localeCompare(b.name));
}

/** The key by which an entry seen twice (live, then again in a reloaded history) is one entry. */
function entryKey(entry: TranscriptEntry): string | undefined {
  if (entry.kind === 'shopper') return `s:${entry.id}`;
  if (entry.kind === 'assistant' || entry.kind === 'operator') return `r:${entry.response.id}`;
  return undefined;
}

export function appendEntry(detail: ConversationDetail, entry: TranscriptEntry): ConversationDetail {
  const key = entryKey(entry);
  if (key !== undefined && detail.entries.some((e) => entryKey(e) === key)) return detail;
  return { ...detail, entries: [...detail.entries, entry] };
}

export function toggle(list: readonly string[], value: string, on: boolean): readonly string[] {
  const has = list.includes(value);
  if (has === on) return list;
  return on ? [...list, value] : list.filter((v) => v !== value);
}

/** Shopper entries nobody has read, across the list: the number in the tab title. */
export function unreadTotal(list: readonly ConversationSummary[]): number {
  return list.reduce((sum, c) => sum + c.unread, 0);
}
