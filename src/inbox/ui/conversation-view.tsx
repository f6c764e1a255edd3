import { useEffect, useRef } from 'preact/hooks';
import type { InboxClient } from '../inbox-client.js';
import type { InboxSnapshot } from '../inbox-state.js';
import type { PanelUi } from '../../ui/panel/panel-ui.js';
import { stateLabel } from './conversation-list.js';
import { ReplyBox } from './reply-box.js';
import { ContextCard, Transcript } from './transcript.js';

/**
 * One conversation: its state and the buttons that state allows, the shopper's context, the
 * history and, once this operator has claimed it, the reply box.
 */
export function ConversationView({ client, snapshot, ui }: { client: InboxClient; snapshot: InboxSnapshot; ui: PanelUi }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { detail, openId } = snapshot;
  // Focus moves to the opened conversation, as to a new page, so keyboard and screen reader users land on it.
  useEffect(() => heading.current?.focus(), [openId]);
  if (!openId) return null;
  const summary = detail?.summary;
  const meId = snapshot.me?.id;
  const mine = summary?.mode === 'operator' && summary.assignee === meId;
  const othersTyping = snapshot.operatorsTyping[openId] ?? [];
  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header class="conversation-head">
        <button type="button" class="back" onClick={() => client.closeConversation()}>
          ‹ Conversations
        </button>
        <h2 id="conversation-title" tabIndex={-1} ref={heading}>
          {summary ? `Shopper ${summary.sessionId.slice(0, 8)}` : 'Loading…'}
        </h2>
        {summary ? <span class={`state ${summary.mode}`}>{stateLabel(summary, meId)}</span> : null}
        <div class="actions">
          {summary && summary.mode !== 'operator' ? (
            <button type="button" class="primary" onClick={() => void client.claim(openId)}>
              Claim
            </button>
          ) : null}
          {mine ? (
            <button type="button" onClick={() => void client.release(openId)}>
              Release
            </button>
          ) : null}
          {mine || summary?.mode === 'waiting' ? (
            <button type="button" onClick={() => void client.handBack(openId)}>
              Hand back to assistant
            </button>
          ) : null}
        </div>
      </header>
      {summary ? <ContextCard context={summary.context} contact={summary.contact} /> : null}
      {detail ? (
        <Transcript
          detail={detail}
          ui={ui}
          pending={snapshot.pending.filter((p) => p.sessionId === openId)}
          shopperTyping={snapshot.shopperTyping.includes(openId)}
          onRetry={(id) => client.retry(id)}
        />
      ) : null}
      <p class="others-typing" aria-live="polite">
        {othersTyping.length > 0 ? `${othersTyping.join(', ')} ${othersTyping.length > 1 ? 'are' : 'is'} typing…` : ''}
      </p>
      {mine ? (
        <ReplyBox client={client} sessionId={openId} locale={ui.locale} />
      ) : (
        <p class="hint">{summary?.mode === 'operator' ? 'Another operator is answering this conversation.' : 'Claim this conversation to reply.'}</p>
      )}
    </section>
  );
}
