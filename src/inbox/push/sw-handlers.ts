import { inboxUrl, notificationTag, parsePushMessage, type OpenSessionMessage } from './push-message.js';

// The few service worker types used here. tsconfig's lib is DOM, and adding WebWorker beside it
// redeclares globals; these are the standard members, nothing more.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  postMessage(message: unknown): void;
}
/** What the handlers need of `self` in the service worker. */
export interface PushWorkerScope {
  readonly registration: Pick<ServiceWorkerRegistration, 'scope' | 'showNotification'>;
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}

/** Shown when a message cannot be read: Chromium requires a notification for every push (userVisibleOnly). */
const FALLBACK = { title: 'Inbox', body: 'Something new in the inbox.' };

/**
 * The inbox's push handling, installed on the service worker's global scope at start-up (a worker
 * must add its event listeners during its first evaluation):
 * - `push`: one notification per conversation (its tag), saying again when it is replaced, that
 *   opens the inbox at that conversation;
 * - `notificationclick`: focuses an open inbox tab and tells it the conversation, or opens one.
 */
export function installPushHandlers(scope: PushWorkerScope): void {
  scope.addEventListener('push', (event) => {
    event.waitUntil(showPush(scope, event));
  });
  scope.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const data = event.notification.data as { url?: unknown; sessionId?: unknown } | null;
    const url = typeof data?.url === 'string' ? data.url : scope.registration.scope;
    const sessionId = typeof data?.sessionId === 'string' ? data.sessionId : undefined;
    event.waitUntil(openInbox(scope, url, sessionId));
  });
}

function showPush(scope: PushWorkerScope, event: PushEvent): Promise<void> {
  let message;
  try {
    message = parsePushMessage(event.data?.json());
  } catch {
    message = undefined;
  }
  if (message === undefined) return scope.registration.showNotification(FALLBACK.title, { body: FALLBACK.body, tag: 'aidw-inbox', data: { url: scope.registration.scope } });
  const url = inboxUrl(scope.registration.scope, message.sessionId);
  // `renotify` is in the spec but not in TypeScript's DOM lib yet.
  const options: NotificationOptions & { renotify: boolean } = {
    body: message.body,
    tag: notificationTag(message.sessionId),
    renotify: true,
    data: { url, sessionId: message.sessionId, kind: message.kind },
  };
  return scope.registration.showNotification(message.title, options);
}

async function openInbox(scope: PushWorkerScope, url: string, sessionId: string | undefined): Promise<void> {
  const base = scope.registration.scope;
  const tabs = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // The scope ends in "/", the inbox page may be served without it.
  const inbox = tabs.find((tab) => tab.url.startsWith(base) || tab.url.split(/[?#]/)[0] === base.slice(0, -1));
  if (inbox === undefined) {
    await scope.clients.openWindow(url);
    return;
  }
  // Told first: focusing may be refused (no user activation), and the tab should still switch.
  if (sessionId !== undefined) inbox.postMessage({ type: 'aidw-open-session', sessionId } satisfies OpenSessionMessage);
  await inbox.focus();
}
