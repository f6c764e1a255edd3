import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AssistantEntry, ConversationSnapshot, ShopperEntry } from '../../conversation/conversation.js';
import { Blocks } from './blocks.js';
import { pure } from './pure.js';
import { RichText } from './text/rich-text.js';
import type { PanelUi } from './panel-ui.js';

/** How close to the end counts as "at the bottom", in pixels. */
const STICK = 32;

/**
 * The conversation. New content scrolls into view only while the shopper is at the bottom;
 * someone reading earlier answers gets a "new messages" pill instead of being yanked down.
 * Pure: the panel hands it the same conversation while it is closed, so a hidden list costs nothing.
 */
export const MessageList = pure(function MessageList({ ui, conversation, typist }: { ui: PanelUi; conversation: ConversationSnapshot; typist?: string | undefined }) {
  const log = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastCount = useRef(conversation.entries.length);
  const [pill, setPill] = useState(false);
  const { strings } = ui;

  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    const last = conversation.entries.at(-1);
    // The shopper's own new message always brings the view down to it.
    const ownNew = conversation.entries.length > lastCount.current && last?.kind === 'shopper';
    lastCount.current = conversation.entries.length;
    if (atBottom.current || ownNew) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
      setPill(false);
    } else {
      setPill(true);
    }
  }, [conversation]);

  const onScroll = () => {
    const el = log.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK;
    if (atBottom.current) setPill(false);
  };
  const toBottom = () => {
    const el = log.current!;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setPill(false);
  };

  const empty = conversation.entries.length === 0;
  const streaming = conversation.entries.some((e) => e.kind === 'assistant' && e.streaming);
  return (
    <div class="log-wrap">
      <div class="log" part="log" ref={log} role="region" aria-label={strings.conversation} tabIndex={0} onScroll={onScroll}>
        {empty ? (
          <>
            <div class="msg assistant enter" part="message message-assistant">
              <p>{strings.greeting}</p>
            </div>
            <div class="chips">
              {strings.suggestions.map((text) => (
                <button type="button" class="chip" part="suggestion" key={text} onClick={() => ui.send(text)}>
                  {text}
                </button>
              ))}
            </div>
          </>
        ) : null}
        {conversation.entries.map((entry) =>
          entry.kind === 'shopper' ? (
            <Shopper key={`s:${entry.id}`} entry={entry} ui={ui} />
          ) : (
            <Assistant key={`a:${entry.id}`} entry={entry} ui={ui} />
          ),
        )}
        {conversation.agentTyping && !streaming ? (
          <div class="typing" part="typing">
            <span class="dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {/* A person typing is named, visibly: the shopper should know who answers. */}
            <span class={typist ? 'who' : 'sr-only'}>{typist ? strings.personTyping.split('{name}').join(typist) : strings.typing}</span>
          </div>
        ) : null}
      </div>
      {pill ? (
        <button type="button" class="pill" part="new-messages" onClick={toBottom}>
          {strings.newMessages} ↓
        </button>
      ) : null}
    </div>
  );
});

function Time({ at, ui }: { at: number; ui: PanelUi }) {
  const text = ui.time(at);
  return text ? <time dateTime={new Date(at).toISOString()}>{text}</time> : null;
}

const Shopper = pure(function Shopper({ entry, ui }: { entry: ShopperEntry; ui: PanelUi }) {
  const { strings } = ui;
  const label = { queued: strings.queued, sending: strings.sending, sent: strings.sent, failed: strings.failedMessage }[entry.state];
  return (
    <div class="msg shopper enter" part="message message-shopper" data-state={entry.state}>
      <span class="sr-only">{strings.you}: </span>
      <span class="text">{entry.text}</span>
      <span class="meta">
        <Time at={entry.sentAt} ui={ui} /> · {label}
        {entry.state === 'failed' && entry.error ? `: ${entry.error.message}` : ''}
        {entry.state === 'failed' ? (
          <button type="button" onClick={() => ui.retry(entry.id)}>
            {strings.retryMessage}
          </button>
        ) : null}
      </span>
    </div>
  );
});

const Assistant = pure(function Assistant({ entry, ui }: { entry: AssistantEntry; ui: PanelUi }) {
  const { strings } = ui;
  if (!entry.success && entry.text === '') {
    return (
      <div class="msg assistant error enter" part="message message-error" role="alert">
        <p>{strings.responseFailed}</p>
        {entry.error?.message ? <p class="detail">{entry.error.message}</p> : null}
      </div>
    );
  }
  return (
    <>
      {entry.text !== '' ? (
        <div class="msg assistant enter" part="message message-assistant" data-streaming={entry.streaming ? 'true' : undefined}>
          {entry.author ? (
            <span class="author" part="author">
              {entry.author.name}
            </span>
          ) : (
            <span class="sr-only">{strings.assistant}: </span>
          )}
          <RichText text={entry.text} final={!entry.streaming} />
          {entry.cancelled ? <span class="meta">{strings.stopped}</span> : null}
          {!entry.success && !entry.streaming ? <p class="detail" role="note">{strings.interrupted}</p> : null}
        </div>
      ) : null}
      <Blocks entry={entry} ui={ui} />
    </>
  );
});
