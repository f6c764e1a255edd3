import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { ConversationSnapshot } from '../../conversation/conversation.js';
import type { PanelUi } from './panel-ui.js';

/**
 * Text field and send button; Enter sends. Messages typed offline are queued, not refused. While
 * the assistant is answering, a stop button asks the server to cut the answer short (when the
 * backend can be asked).
 */
export function Composer({ ui, conversation, inputRef }: { ui: PanelUi; conversation: ConversationSnapshot; inputRef: RefObject<HTMLInputElement | null> }) {
  const [text, setText] = useState('');
  const { strings } = ui;
  const answering = conversation.agentTyping || conversation.entries.some((e) => e.kind === 'assistant' && e.streaming);
  const submit = (event: Event) => {
    event.preventDefault();
    if (text.trim() === '') return;
    ui.send(text);
    setText('');
  };
  return (
    <form class="composer" part="composer" onSubmit={submit}>
      <input
        ref={inputRef}
        type="text"
        value={text}
        maxLength={ui.maxMessageLength}
        placeholder={strings.placeholder}
        aria-label={strings.messageLabel}
        autocomplete="off"
        enterkeyhint="send"
        onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
      />
      {answering && ui.stop ? (
        <button type="button" class="stop" part="stop" onClick={() => ui.stop?.()}>
          {strings.stop}
        </button>
      ) : null}
      <button type="submit" part="send" disabled={text.trim() === ''}>
        {strings.send}
      </button>
    </form>
  );
}
