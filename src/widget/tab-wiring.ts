import type { ChatMessage } from '../protocol/index.js';
import type { Conversation } from '../conversation/conversation.js';
import type { Outbox } from '../delivery/outbox.js';
import { TabSync, type TabMessage } from '../tabs/tab-sync.js';
import type { Disposables } from '../util/disposables.js';

export interface TabWiringDeps {
  name: string;
  win: (Window & typeof globalThis) | undefined;
  sessionId: string;
  conversation: Conversation;
  outbox: Outbox;
  /** Messages restored unsent from storage, for the leading tab to send again. */
  unsent: ChatMessage[];
  subs: Disposables;
  clearUnread(): void;
}

/**
 * Connects this tab to the others of the same store: mirrors what they show, lets the leading tab
 * send what reloads and closed tabs left behind, and hands this tab's queue over when it closes.
 */
export function wireTabs(d: TabWiringDeps): TabSync {
  const { conversation, outbox } = d;
  // Send again only what no tab has got through meanwhile, and only once per id in this tab.
  const adopt = (messages: ChatMessage[]) => {
    for (const message of messages) {
      const entry = conversation.current.entries.find((e) => e.kind === 'shopper' && e.id === message.id);
      if (entry?.kind === 'shopper' && entry.state === 'sent') continue;
      if (!entry) conversation.addShopper({ id: message.id, text: message.text, sentAt: message.sentAt }, 'queued');
      if (!outbox.has(message.id)) outbox.add({ ...message, sessionId: d.sessionId }).catch(() => {});
    }
  };
  let leader = false;
  const fromOtherTab = (message: TabMessage) => {
    switch (message.t) {
      case 'shopper':
        conversation.addShopper({ id: message.entry.id, text: message.entry.text, sentAt: message.entry.sentAt }, message.entry.state);
        break;
      case 'delivery': {
        // The sending tab is the authority; and nothing un-sends a message already shown as sent.
        const entry = conversation.current.entries.find((e) => e.kind === 'shopper' && e.id === message.id);
        if (entry?.kind === 'shopper' && entry.state !== 'sent' && !outbox.has(message.id)) {
          conversation.setDelivery(message.id, message.state, message.error);
        }
        break;
      }
      case 'read':
        d.clearUnread();
        break;
      case 'hello':
        // The new tab read storage a moment ago; anything since (or not yet written) comes from here.
        for (const e of conversation.current.entries.slice(-50)) {
          if (e.kind !== 'shopper') continue;
          tabs.post({ t: 'shopper', entry: { id: e.id, text: e.text, sentAt: e.sentAt, state: e.state } });
          tabs.post({ t: 'delivery', id: e.id, state: e.state, ...(e.error ? { error: e.error } : {}) });
        }
        break;
      case 'handoff':
        if (leader) adopt(message.messages.map((m) => ({ ...m, sessionId: d.sessionId })));
        break;
    }
  };
  const tabs = new TabSync({
    name: d.name,
    win: d.win,
    onLeader: () => {
      leader = true;
      adopt(d.unsent);
    },
    onMessage: fromOtherTab,
  });
  d.subs.add(() => tabs.close());
  const win = d.win;
  if (win) {
    // A tab closing with messages still queued hands them to the tab that drains.
    const onHide = () => {
      const pending = outbox.pendingMessages();
      if (pending.length > 0) tabs.post({ t: 'handoff', messages: pending.map(({ id, text, sentAt }) => ({ id, text, sentAt })) });
    };
    win.addEventListener('pagehide', onHide);
    d.subs.add(() => win.removeEventListener('pagehide', onHide));
  }
  return tabs;
}
