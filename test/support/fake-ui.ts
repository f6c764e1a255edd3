import type { AssistantEntry, ConversationEntry, ShopperEntry } from '../../src/conversation/conversation';
import type { UiController, WidgetSnapshot } from '../../src/ui/types';

/**
 * A UiController whose state the test sets directly, recording every call the UI makes. It lets
 * component tests drive the panel through exactly the interface the widget gives it.
 */
export function fakeController(overrides: Partial<UiController> = {}) {
  let snapshot: WidgetSnapshot = {
    status: 'connected',
    isOpen: true,
    unread: 0,
    fallback: false,
    unsaved: false,
    conversation: { entries: [], agentTyping: false, lastSeq: 0 },
  };
  const listeners = new Set<() => void>();
  const calls: [string, ...unknown[]][] = [];
  const record = (name: string) => (...args: unknown[]) => void calls.push([name, ...args]);
  const controller: UiController = {
    locale: 'en-US',
    language: 'en',
    dir: 'ltr',
    strings: {},
    maxMessageLength: 4000,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getSnapshot: () => snapshot,
    open: () => set({ isOpen: true }),
    close: () => set({ isOpen: false }),
    toggle: () => set({ isOpen: !snapshot.isOpen }),
    reconnect: record('reconnect'),
    send: record('send'),
    stop: record('stop'),
    retry: record('retry'),
    productClick: record('productClick'),
    canAddToCart: () => true,
    addToCart: (...args: unknown[]) => {
      calls.push(['addToCart', ...args]);
      return Promise.resolve();
    },
    quickReply: record('quickReply'),
    focusLauncher: record('focusLauncher'),
    ...overrides,
  };
  function set(patch: Partial<WidgetSnapshot>) {
    snapshot = { ...snapshot, ...patch };
    listeners.forEach((l) => l());
  }
  function setEntries(entries: ConversationEntry[], agentTyping = false) {
    set({ conversation: { entries, agentTyping, lastSeq: entries.length } });
  }
  return { controller, calls, set, setEntries, get snapshot() { return snapshot; } };
}

export const shopper = (id: string, text: string, state: ShopperEntry['state'] = 'sent', extra: Partial<ShopperEntry> = {}): ShopperEntry => ({
  kind: 'shopper', id, text, sentAt: Date.UTC(2026, 10, 22, 10, 30), state, ...extra,
});

export const assistant = (id: string, text: string, extra: Partial<AssistantEntry> = {}): AssistantEntry => ({
  kind: 'assistant', id, text, blocks: [], streaming: false, success: true, timestamp: 1, ...extra,
});
