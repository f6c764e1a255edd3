import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { UiController } from './types';

/** Text field and send button; Enter sends. Messages typed offline are queued, not refused. */
export function Composer({ controller, inputRef }: { controller: UiController; inputRef: RefObject<HTMLInputElement | null> }) {
  const [text, setText] = useState('');
  const { strings } = controller;
  const submit = (event: Event) => {
    event.preventDefault();
    if (text.trim() === '') return;
    controller.send(text);
    setText('');
  };
  return (
    <form class="composer" part="composer" onSubmit={submit}>
      <input
        ref={inputRef}
        type="text"
        value={text}
        maxLength={controller.maxMessageLength}
        placeholder={strings.placeholder}
        aria-label={strings.messageLabel}
        autocomplete="off"
        enterkeyhint="send"
        onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" disabled={text.trim() === ''}>
        {strings.send}
      </button>
    </form>
  );
}
