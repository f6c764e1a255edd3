import type { ChatContext } from '../../protocol/types.js';
import type { ConversationDetail, TranscriptEntry } from '../../protocol/handoff.js';
import { Blocks } from '../../ui/panel/blocks.js';
import type { PanelUi } from '../../ui/panel/panel-ui.js';
import { RichText } from '../../ui/panel/text/rich-text.js';
import type { PendingReply } from '../inbox-state.js';
import { asAssistantEntry } from './panel-bridge.js';

const EVENT_TEXT = {
  handoff: 'Handed off to the team',
  claimed: 'Claimed',
  released: 'Released',
  'handed-back': 'Handed back to the assistant',
  'contact-left': 'The shopper left an email address',
} as const;

/** The seq of the newest staff response the shopper has seen: that one carries the "Seen" mark. */
function seenSeq(entries: readonly TranscriptEntry[], shopperSeenSeq: number): number | undefined {
  let seen: number | undefined;
  for (const e of entries) {
    if ((e.kind === 'operator' || e.kind === 'assistant') && e.response.seq <= shopperSeenSeq && e.response.seq > 0) seen = e.response.seq;
  }
  return seen;
}

function Entry({ entry, ui, seen }: { entry: TranscriptEntry; ui: PanelUi; seen: boolean }) {
  switch (entry.kind) {
    case 'shopper':
      return (
        <li class="msg shopper-in">
          <span class="who">Shopper</span>
          {/* What the shopper typed is shown as typed: plain text, never markdown. */}
          <span class="plain">{entry.text}</span>
          <span class="meta">{ui.time(entry.at)}</span>
        </li>
      );
    case 'event':
      return (
        <li class="event">
          {EVENT_TEXT[entry.event]}
          {entry.by ? ` by ${entry.by}` : ''}
          {entry.reason ? ` (${entry.reason})` : ''} · {ui.time(entry.at)}
        </li>
      );
    case 'assistant':
    case 'operator': {
      const shown = asAssistantEntry(entry.response);
      return (
        <li class={`msg ${entry.kind === 'operator' ? 'staff' : 'assistant'}`}>
          <span class="who">{entry.kind === 'operator' ? 'Team' : 'Assistant'}</span>
          <RichText text={shown.text} final />
          <Blocks entry={shown} ui={ui} />
          <span class="meta">
            {ui.time(shown.timestamp)}
            {seen ? <span class="seen"> · Seen</span> : null}
          </span>
        </li>
      );
    }
  }
}

/**
 * The whole history, with product cards as the shopper saw them. A `log` region, so screen readers
 * announce new lines without moving focus. Card links open in a new tab: the inbox must stay.
 */
export function Transcript({ detail, ui, pending, shopperTyping, onRetry }: {
  detail: ConversationDetail;
  ui: PanelUi;
  pending: readonly PendingReply[];
  shopperTyping: boolean;
  onRetry: (id: string) => void;
}) {
  const seen = seenSeq(detail.entries, detail.summary.shopperSeenSeq);
  const keepInbox = (event: MouseEvent) => {
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.target === '_blank') return;
    event.preventDefault();
    link.ownerDocument.defaultView?.open(link.href, '_blank', 'noopener,noreferrer');
  };
  return (
    <div class="transcript" role="log" aria-label="Messages" aria-live="polite" onClick={keepInbox}>
      <ol>
      {detail.entries.map((entry, i) => (
        <Entry key={i} entry={entry} ui={ui} seen={(entry.kind === 'operator' || entry.kind === 'assistant') && entry.response.seq === seen} />
      ))}
      {pending.map((p) => (
        <li key={p.id} class="msg staff pending">
          <span class="who">Team</span>
          <RichText text={p.text} final />
          <span class="meta">
            {p.failed ? (
              <>
                Not sent.{' '}
                <button type="button" onClick={() => onRetry(p.id)}>
                  Retry
                </button>
              </>
            ) : (
              'Sending…'
            )}
          </span>
        </li>
      ))}
      {shopperTyping ? (
        <li class="typing-line">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>{' '}
          The shopper is typing
        </li>
      ) : null}
      </ol>
    </div>
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The page the shopper is on and their cart, from the context the widget sent. */
export function ContextCard({ context, contact }: { context: ChatContext; contact?: string }) {
  const rows: [string, string][] = [];
  const page = context.page;
  if (page?.title ?? page?.url) rows.push(['Page', page?.title ?? page?.url ?? '']);
  if (page?.url && page.title) rows.push(['Address', page.url]);
  if (context.product?.title) rows.push(['Product', context.product.title]);
  const cart = context.cart;
  if (cart && typeof cart === 'object' && !Array.isArray(cart)) {
    const c = cart as Record<string, unknown>;
    const count = text(c.itemCount ?? c.item_count ?? c.count);
    const total = text(c.total ?? c.subtotal);
    const currency = text(c.currency) ?? text(context.currency) ?? '';
    const parts = [count ? `${count} ${count === "1" ? "item" : "items"}` : undefined, total ? `${total} ${currency}`.trim() : undefined].filter((p): p is string => p !== undefined);
    rows.push(['Cart', parts.length > 0 ? parts.join(', ') : 'present']);
    if (Array.isArray(c.items)) {
      for (const item of c.items.slice(0, 10)) {
        const i = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
        const name = text(i.title) ?? text(i.name) ?? text(i.id);
        if (name) rows.push(['Item', `${text(i.quantity) ?? '1'} × ${name}`]);
      }
    }
  }
  const locale = text(context.locale);
  if (locale) rows.push(['Language', locale]);
  if (contact) rows.push(['Email', contact]);
  if (rows.length === 0) return null;
  return (
    <section class="context" aria-label="Shopper context">
      <dl>
        {rows.map(([k, v], i) => (
          <div key={i}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
