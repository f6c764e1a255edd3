import { useEffect, useRef } from 'preact/hooks';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { StatusLine } from './status-line';
import type { UiController } from './types';
import { useSnapshot } from './use-snapshot';

const PANEL_ID = 'aid-panel';

/** Launcher plus panel. Focus moves into the panel on open and back to the launcher on close. */
export function App({ controller }: { controller: UiController }) {
  const snapshot = useSnapshot(controller);
  const { strings } = controller;
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const wasOpen = useRef(snapshot.isOpen);

  useEffect(() => {
    if (snapshot.isOpen && !wasOpen.current) input.current?.focus();
    // Only return focus when it was inside the panel: a programmatic close() must not steal
    // focus from whatever the shopper is doing on the page.
    if (!snapshot.isOpen && wasOpen.current && launcher.current?.getRootNode() instanceof ShadowRoot) {
      const active = (launcher.current.getRootNode() as ShadowRoot).activeElement;
      if (active) launcher.current.focus();
    }
    wasOpen.current = snapshot.isOpen;
  }, [snapshot.isOpen]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      controller.close();
    }
  };

  return (
    <>
      <section
        id={PANEL_ID}
        class="panel"
        part="panel"
        role="dialog"
        aria-label={strings.title}
        hidden={!snapshot.isOpen}
        onKeyDown={onKeyDown}
      >
        <header class="header" part="header">
          <div class="titles">
            <h2>{strings.title}</h2>
            <p>{strings.subtitle}</p>
          </div>
          <button type="button" class="icon-button" aria-label={strings.closeChat} onClick={() => controller.close()}>
            ×
          </button>
        </header>
        <StatusLine status={snapshot.status} strings={strings} onRetry={() => controller.reconnect()} />
        <MessageList controller={controller} conversation={snapshot.conversation} />
        <Composer controller={controller} inputRef={input} />
      </section>
      <button
        ref={launcher}
        type="button"
        class="launcher"
        part="launcher"
        aria-label={snapshot.isOpen ? strings.closeChat : strings.openChat}
        aria-expanded={snapshot.isOpen ? 'true' : 'false'}
        aria-controls={PANEL_ID}
        onClick={() => controller.toggle()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
        </svg>
        {snapshot.unread > 0 && !snapshot.isOpen ? (
          <span class="badge">
            {snapshot.unread}
            <span class="sr-only"> {strings.unread}</span>
          </span>
        ) : null}
      </button>
    </>
  );
}
