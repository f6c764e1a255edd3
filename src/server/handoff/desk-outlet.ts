import type { ConversationSummary, HandoffState, ServerToOperatorEvents, ShopperPresence, TranscriptEntry } from '../../protocol/handoff.js';
import type { AgentTyping, ChatResponse } from '../../protocol/index.js';

/**
 * Hand-off events the server sends on the default namespace, beside protocol v1's. Kept here
 * rather than in the protocol's event map so that map's clients are unchanged by the feature.
 */
export interface ShopperHandoffEvents {
  'handoff-state': (state: HandoffState) => void;
  presence: (presence: ShopperPresence) => void;
  'chat-response': (response: ChatResponse) => void;
  'agent-typing': (notice: AgentTyping & { author?: { kind: 'operator'; name: string } }) => void;
}

/**
 * Where the desk's news goes: a session's room on the default namespace (every tab, every process)
 * and the operators' room on `/operators`. The desk decides what to say; the outlet only knows
 * Socket.IO, so the desk can be driven without a server in between.
 */
export interface DeskOutlet {
  shopper<E extends keyof ShopperHandoffEvents>(sessionId: string, event: E, ...args: Parameters<ShopperHandoffEvents[E]>): void;
  operators<E extends keyof ServerToOperatorEvents>(event: E, ...args: Parameters<ServerToOperatorEvents[E]>): void;
}

/** Room of every signed-in operator connection on `/operators`. */
export const OPERATORS_ROOM = 'operators';

/** Short text of an entry for the inbox list and notifications. */
export function previewOf(entry: TranscriptEntry): string {
  const text = entry.kind === 'shopper' ? entry.text : entry.kind === 'event' ? '' : entry.response.response ?? '';
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}
