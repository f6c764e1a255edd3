import { useState } from 'preact/hooks';
import type { ConversationSummary, OperatorPresence } from '../../protocol/handoff.js';
import type { InboxSnapshot } from '../inbox-state.js';

type Filter = 'all' | 'waiting' | 'mine';

/** "waiting 4 min", "with Ana", "assistant": the state a row shows. */
export function stateLabel(c: ConversationSummary, meId: string | undefined): string {
  if (c.mode === 'waiting') return 'Waiting';
  if (c.mode === 'operator') return c.assignee === meId ? 'Mine' : `With ${c.assigneeName ?? 'someone'}`;
  return 'Assistant';
}

function title(c: ConversationSummary): string {
  const page = c.context.page?.title;
  return typeof page === 'string' && page !== '' ? page : `Shopper ${c.sessionId.slice(0, 8)}`;
}

function matches(c: ConversationSummary, filter: Filter, query: string, meId: string | undefined): boolean {
  if (filter === 'waiting' && c.mode !== 'waiting') return false;
  if (filter === 'mine' && !(c.mode === 'operator' && c.assignee === meId)) return false;
  if (query === '') return true;
  const q = query.toLowerCase();
  return [c.preview, title(c), c.sessionId, c.contact ?? ''].some((s) => s.toLowerCase().includes(q));
}

/** The conversations, waiting first, with a filter; each row opens its conversation. */
export function ConversationList({ snapshot, onOpen }: { snapshot: InboxSnapshot; onOpen: (sessionId: string) => void }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const meId = snapshot.me?.id;
  const shown = snapshot.conversations.filter((c) => matches(c, filter, query.trim(), meId));
  return (
    <nav class="list" aria-label="Conversations">
      <div class="filters">
        <label for="filter-text" class="sr-only">
          Search conversations
        </label>
        <input id="filter-text" type="search" placeholder="Search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <label for="filter-state" class="sr-only">
          Show
        </label>
        <select id="filter-state" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          <option value="all">All</option>
          <option value="waiting">Waiting</option>
          <option value="mine">Mine</option>
        </select>
      </div>
      {shown.length === 0 ? <p class="empty">No conversations.</p> : null}
      <ul class="rows">
        {shown.map((c) => (
          <li key={c.sessionId}>
            <button
              type="button"
              class={`row ${c.mode}${snapshot.openId === c.sessionId ? ' current' : ''}`}
              aria-current={snapshot.openId === c.sessionId ? 'true' : undefined}
              data-session={c.sessionId}
              onClick={() => onOpen(c.sessionId)}
            >
              <span class="row-top">
                <span class="row-title">{title(c)}</span>
                {c.unread > 0 ? (
                  <span class="unread" aria-label={`${c.unread} unread`}>
                    {c.unread}
                  </span>
                ) : null}
              </span>
              <span class="row-preview">{c.preview}</span>
              <span class={`state ${c.mode}`}>{stateLabel(c, meId)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const PRESENCE_LABEL = { online: 'online', away: 'away', offline: 'offline' } as const;

/** Who else is here, so an operator knows whether a colleague can take a conversation. */
export function OperatorsPresence({ operators }: { operators: readonly OperatorPresence[] }) {
  return (
    <ul class="presence" aria-label="Operators">
      {operators.map((o) => (
        <li key={o.operatorId} class={o.state}>
          <span class="dot" aria-hidden="true" />
          {o.name} <span class="sr-only">is </span>
          <span class="presence-state">{PRESENCE_LABEL[o.state]}</span>
        </li>
      ))}
    </ul>
  );
}
