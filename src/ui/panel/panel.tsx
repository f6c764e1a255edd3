import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { UiController } from '../types.js';
import { Composer } from './composer.js';
import { useFaceEntry } from './face/face-step.js';
import { resolveStrings } from './locales.js';
import { MessageList } from './message-list.js';
import type { PanelUi } from './panel-ui.js';
import { StatusLine } from './status-line.js';
import { useSnapshot, useVisualViewport } from './use-snapshot.js';

function timeFormatter(locale: string): (at: number) => string {
  try {
    const format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    return (at) => format.format(at);
  } catch {
    return () => '';
  }
}

const PANEL_ID = 'aid-panel';
const TITLE_ID = 'aid-title';

/** The chat dialog. Focus moves into it on open and back to the launcher on close. */
export function Panel({ controller }: { controller: UiController }) {
  const ui = useMemo<PanelUi>(
    () => ({ ...controller, strings: resolveStrings(controller.language, controller.strings), time: timeFormatter(controller.locale) }),
    [controller],
  );
  const snapshot = useSnapshot(controller);
  const { strings } = ui;
  const input = useRef<HTMLInputElement>(null);
  const handoff = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  const wasOpen = useRef(false);
  const viewport = useVisualViewport(snapshot.isOpen);
  const announcement = useAnnouncement(ui);
  const face = useFaceEntry(ui, snapshot.isOpen);
  // What the list shows: frozen while the panel is closed (nobody sees it), brought up to date
  // when it opens. Messages sent or answered in the background then cost no rendering.
  const shown = useRef(snapshot.conversation);
  if (snapshot.isOpen) shown.current = snapshot.conversation;

  // The hand-off chunk draws here once the server speaks the extension (never for other backends).
  const mountHandoff = snapshot.handoff?.mount;
  useLayoutEffect(() => mountHandoff?.(handoff.current!), [mountHandoff]);

  useLayoutEffect(() => {
    if (snapshot.isOpen && !wasOpen.current) input.current?.focus();
    // Only hand focus back when it was inside the panel: a programmatic close() must not steal
    // focus from whatever the shopper is doing on the page.
    const root = section.current?.getRootNode();
    if (!snapshot.isOpen && wasOpen.current && root instanceof ShadowRoot && root.activeElement) controller.focusLauncher();
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
        ref={section}
        id={PANEL_ID}
        class="panel"
        part="panel"
        role="dialog"
        aria-labelledby={TITLE_ID}
        hidden={!snapshot.isOpen}
        onKeyDown={onKeyDown}
        // Object styles are set property by property, which a strict style-src allows.
        style={viewport ? { height: `${viewport.height}px`, top: `${viewport.top}px`, bottom: 'auto' } : undefined}
      >
        {/* A div, not <header>: inside the page a second banner landmark would confuse screen readers. */}
        <div class="header" part="header">
          <div class="titles">
            <h2 id={TITLE_ID}>{strings.title}</h2>
            <p>{strings.subtitle}</p>
          </div>
          {face.entry}
          <button type="button" class="icon-button" part="close" aria-label={strings.closeChat} onClick={() => controller.close()}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </div>
        <StatusLine status={snapshot.status} problem={snapshot.connectionProblem} fallback={snapshot.fallback} unsaved={snapshot.unsaved} strings={strings} onRetry={() => controller.reconnect()} />
        <div ref={handoff} />
        {face.step ?? (
          <>
            <MessageList ui={ui} conversation={shown.current} typist={snapshot.handoff?.typist} />
            <Composer ui={ui} conversation={snapshot.conversation} inputRef={input} />
          </>
        )}
      </section>
      <div class="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </>
  );
}

/**
 * Text for the polite live region: each completed answer once, never the chunks on their way
 * (a screen reader would otherwise read every word several times), and nothing restored from
 * storage when the page loads.
 */
function useAnnouncement(ui: PanelUi): string {
  const [text, setText] = useState('');
  useLayoutEffect(() => {
    const seen = new Set(ui.getSnapshot().conversation.entries.map((e) => e.id));
    return ui.subscribe(() => {
      for (const entry of ui.getSnapshot().conversation.entries) {
        if (entry.kind !== 'assistant' || entry.streaming || seen.has(entry.id)) continue;
        seen.add(entry.id);
        const products = entry.blocks.flatMap((b) => (b.type === 'products' ? b.items.map((i) => i.title) : []));
        const body = entry.success ? entry.text : ui.strings.responseFailed;
        setText(`${entry.author?.name ?? ui.strings.assistant}: ${[body, ...products].filter(Boolean).join('. ')}`);
      }
    });
  }, [ui]);
  return text;
}
