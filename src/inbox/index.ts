import { h, render } from 'preact';
import { InboxClient } from './inbox-client.js';
import { resolveInboxOptions, type InboxOptions } from './inbox-options.js';
import { listenForOpenRequests, sessionFromUrl } from './open-requests.js';
import { InboxApp } from './ui/app.js';

export type { InboxOptions } from './inbox-options.js';
export type { InboxSnapshot } from './inbox-state.js';
export { InboxClient } from './inbox-client.js';

/**
 * Renders the operator inbox into `root` and connects with the tab's saved session, if any; opens
 * the conversation named by `?session=` in the page URL, or by the push service worker later.
 * Returns the undo: the socket closes, timers and listeners go, the DOM is emptied.
 *
 * @example
 * const unmount = mountInbox(document.getElementById('inbox')!);
 */
export function mountInbox(root: HTMLElement, options: InboxOptions = {}): () => void {
  const doc = root.ownerDocument;
  const resolved = resolveInboxOptions(doc, options);
  const client = new InboxClient(doc, resolved);
  const locale = doc.documentElement.lang !== '' ? doc.documentElement.lang : 'en';
  render(h(InboxApp, { client, locale }), root);
  // A push notification opens the inbox at its conversation (`?session=`), or tells an open tab.
  const asked = sessionFromUrl(resolved.pageUrl);
  if (asked !== undefined) client.open(asked);
  const stopListening = listenForOpenRequests(doc.defaultView, (sessionId) => client.open(sessionId));
  client.start();
  return () => {
    stopListening();
    client.destroy();
    render(null, root);
  };
}
