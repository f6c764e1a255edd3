import { ProtocolFailure } from '../protocol/errors.js';
import { identifier } from '../protocol/readers.js';

/**
 * The message the push service worker (src/inbox/push) posts to an open inbox tab when the
 * operator clicks a notification: the tab switches to that conversation before it is focused.
 */
export const OPEN_SESSION_MESSAGE = 'aidw-open-session';

/** The conversation a URL asks for (`?session=<id>`, as a push notification opens the inbox), if readable. */
export function sessionFromUrl(pageUrl: string): string | undefined {
  return readSessionId(new URL(pageUrl).searchParams.get('session'));
}

/**
 * Calls `open` for each `aidw-open-session` message from this origin's service worker; anything
 * else on that channel is ignored. Returns the undo. No-op where the browser has no service workers.
 */
export function listenForOpenRequests(win: Window | null, open: (sessionId: string) => void): () => void {
  const container = win && 'serviceWorker' in win.navigator ? win.navigator.serviceWorker : undefined;
  if (!container) return () => {};
  const onMessage = (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown; sessionId?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.type !== OPEN_SESSION_MESSAGE) return;
    const sessionId = readSessionId(data.sessionId);
    if (sessionId !== undefined) open(sessionId);
  };
  container.addEventListener('message', onMessage);
  // A listener added with addEventListener does not start the queue the way `onmessage` would;
  // without this, a worker's messages could wait until the document finished loading.
  container.startMessages();
  return () => container.removeEventListener('message', onMessage);
}

function readSessionId(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    return identifier(value, 'session');
  } catch (error) {
    if (!(error instanceof ProtocolFailure)) throw error;
    return undefined;
  }
}
