import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { InboxClient } from '../inbox-client.js';
import type { InboxSnapshot } from '../inbox-state.js';
import { ConversationList, OperatorsPresence } from './conversation-list.js';
import { ConversationView } from './conversation-view.js';
import { readOnlyPanelUi } from './panel-bridge.js';
import { SignIn } from './sign-in.js';

function useInbox(client: InboxClient): InboxSnapshot {
  const [snapshot, setSnapshot] = useState(client.getSnapshot);
  useLayoutEffect(() => {
    setSnapshot(client.getSnapshot());
    return client.subscribe(() => setSnapshot(client.getSnapshot()));
  }, [client]);
  return snapshot;
}

/** What the alerts button says: it asks for the permission and unlocks the tone in one click. */
function alertsLabel({ notifications, sound, push }: InboxSnapshot): string {
  if (!sound) return notifications === 'granted' ? 'Turn on alert sound' : 'Turn on alerts';
  if (notifications === 'granted') return push === 'on' ? 'Alerts on, also when closed' : 'Alerts on';
  return notifications === 'denied' ? 'Sound on (notifications blocked)' : 'Sound on';
}

/** The page: sign-in, or the list beside the open conversation (one at a time on a phone). */
export function InboxApp({ client, locale }: { client: InboxClient; locale: string }) {
  const snapshot = useInbox(client);
  const ui = useMemo(() => readOnlyPanelUi(locale), [locale]);
  if (snapshot.phase !== 'signed-in') return <SignIn client={client} snapshot={snapshot} />;
  return (
    <div class={`inbox${snapshot.openId ? ' has-open' : ''}`}>
      <header class="top">
        <h1>Inbox</h1>
        <span class="me">{snapshot.me ? `Signed in as ${snapshot.me.name}` : ''}</span>
        <span class={`link-state${snapshot.connected ? ' up' : ''}`} role="status">
          {snapshot.connected ? 'Connected' : 'Connecting…'}
        </span>
        <button type="button" onClick={() => void client.enableNotifications()} disabled={snapshot.sound && snapshot.notifications !== 'default'}>
          {alertsLabel(snapshot)}
        </button>
        <button type="button" onClick={() => client.signOut()}>
          Sign out
        </button>
        <p class="failure" role="alert">
          {snapshot.failure ?? ''}
        </p>
      </header>
      <div class="panes">
        <aside class="side" aria-label="Conversations and team">
          <ConversationList snapshot={snapshot} onOpen={(id) => client.open(id)} />
          <OperatorsPresence operators={snapshot.operators} />
        </aside>
        <main class="main" aria-label="Conversation">
          {snapshot.openId ? <ConversationView client={client} snapshot={snapshot} ui={ui} /> : <p class="empty">Pick a conversation.</p>}
        </main>
      </div>
    </div>
  );
}
