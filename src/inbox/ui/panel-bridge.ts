import type { AssistantEntry } from '../../conversation/conversation.js';
import type { ChatResponse } from '../../protocol/types.js';
import { EN } from '../../ui/i18n/strings.js';
import type { PanelUi } from '../../ui/panel/panel-ui.js';
import type { WidgetSnapshot } from '../../ui/types.js';

/**
 * The panel's block renderer (product cards, chips, images) wants the widget's controller. In the
 * inbox the cards are history to read, not a shop to act in: nothing adds to a cart, chips send
 * nothing, and a card offers its product page (opened in a new tab by the transcript).
 */
export function readOnlyPanelUi(locale: string): PanelUi {
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const snapshot: WidgetSnapshot = {
    status: 'connected',
    isOpen: true,
    unread: 0,
    fallback: false,
    unsaved: false,
    conversation: { entries: [], agentTyping: false, lastSeq: 0 },
  };
  const nothing = () => {};
  return {
    locale,
    language: 'en',
    dir: 'ltr',
    strings: EN,
    maxMessageLength: 4000,
    time: (at) => time.format(at),
    subscribe: () => nothing,
    getSnapshot: () => snapshot,
    open: nothing,
    close: nothing,
    toggle: nothing,
    reconnect: nothing,
    send: nothing,
    retry: nothing,
    productClick: nothing,
    canAddToCart: () => false,
    addToCart: () => Promise.resolve('unconfirmed'),
    quickReply: nothing,
    focusLauncher: nothing,
  };
}

/** A stored response in the shape the panel's renderers take. */
export function asAssistantEntry(response: ChatResponse): AssistantEntry {
  return {
    kind: 'assistant',
    id: response.id,
    text: response.response ?? '',
    blocks: response.blocks ?? [],
    streaming: false,
    success: response.success,
    seq: response.seq,
    timestamp: response.timestamp,
  };
}
