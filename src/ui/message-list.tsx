import { useEffect, useRef } from 'preact/hooks';
import type { AssistantEntry, ConversationSnapshot, ShopperEntry } from '../conversation/conversation';
import { Blocks } from './blocks';
import type { UiController } from './types';

/** The conversation log. Text is rendered as text nodes, never parsed as HTML. */
export function MessageList({ controller, conversation }: { controller: UiController; conversation: ConversationSnapshot }) {
  const log = useRef<HTMLDivElement>(null);
  const { strings } = controller;
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [conversation]);
  return (
    <div class="log" part="log" ref={log} role="log" aria-label={strings.title} tabIndex={0}>
      {conversation.entries.length === 0 ? <div class="msg assistant">{strings.greeting}</div> : null}
      {conversation.entries.map((entry) =>
        entry.kind === 'shopper' ? (
          <Shopper key={`s:${entry.id}`} entry={entry} controller={controller} />
        ) : (
          <Assistant key={`a:${entry.id}`} entry={entry} controller={controller} />
        ),
      )}
      {conversation.agentTyping && !conversation.entries.some((e) => e.kind === 'assistant' && e.streaming) ? (
        <div class="typing" role="status">
          {strings.typing}…
        </div>
      ) : null}
    </div>
  );
}

function Shopper({ entry, controller }: { entry: ShopperEntry; controller: UiController }) {
  const { strings } = controller;
  const label = { queued: strings.queued, sending: strings.sending, sent: strings.sent, failed: strings.failedMessage }[entry.state];
  return (
    <div class="msg shopper" data-state={entry.state}>
      <span class="sr-only">{strings.you}: </span>
      {entry.text}
      <span class="delivery">
        {label}
        {entry.state === 'failed' && entry.error ? `: ${entry.error.message}` : ''}
        {entry.state === 'failed' ? (
          <button type="button" onClick={() => controller.retry(entry.id)}>
            {strings.retryMessage}
          </button>
        ) : null}
      </span>
    </div>
  );
}

function Assistant({ entry, controller }: { entry: AssistantEntry; controller: UiController }) {
  const { strings } = controller;
  if (!entry.success && entry.text === '') {
    return <div class="msg assistant error">{entry.error?.message ? `${strings.responseFailed} (${entry.error.message})` : strings.responseFailed}</div>;
  }
  return (
    <>
      {entry.text !== '' ? (
        <div class="msg assistant" data-streaming={entry.streaming ? 'true' : undefined}>
          <span class="sr-only">{strings.assistant}: </span>
          {entry.text}
        </div>
      ) : null}
      <Blocks entry={entry} controller={controller} />
    </>
  );
}
