import { h, render } from 'preact';
import { InboxClient } from './inbox-client.js';
import { resolveInboxOptions, type InboxOptions } from './inbox-options.js';
import { InboxApp } from './ui/app.js';

export type { InboxOptions } from './inbox-options.js';
export type { InboxSnapshot } from './inbox-state.js';
export { InboxClient } from './inbox-client.js';

/**
 * Renders the operator inbox into `root` and connects with the tab's saved session, if any.
 * Returns the undo: the socket closes, timers and listeners go, the DOM is emptied.
 *
 * @example
 * const unmount = mountInbox(document.getElementById('inbox')!);
 */
export function mountInbox(root: HTMLElement, options: InboxOptions = {}): () => void {
  const doc = root.ownerDocument;
  const client = new InboxClient(doc, resolveInboxOptions(doc, options));
  const locale = doc.documentElement.lang !== '' ? doc.documentElement.lang : 'en';
  render(h(InboxApp, { client, locale }), root);
  client.start();
  return () => {
    client.destroy();
    render(null, root);
  };
}
