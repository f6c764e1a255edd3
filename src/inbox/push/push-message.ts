/**
 * The push message's payload as the inbox's service worker reads it. The server writes it
 * (src/server/handoff/push/payload.ts, `PushPayload`); the worker cannot import server code, so the
 * shape is repeated here and checked field by field: a push message is input from the network.
 */
export interface PushMessage {
  kind: 'waiting' | 'shopper-message';
  sessionId: string;
  title: string;
  body: string;
}

/** Longest text shown, so a malformed message cannot fill the screen. */
const MAX_TEXT = 200;
const MAX_SESSION_ID = 200;

/** The payload, or undefined when it is not one the worker understands (another version, garbage). */
export function parsePushMessage(value: unknown): PushMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, kind, sessionId, title, body } = value as Record<string, unknown>;
  if (v !== 1 || (kind !== 'waiting' && kind !== 'shopper-message')) return undefined;
  if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > MAX_SESSION_ID) return undefined;
  if (typeof title !== 'string' || typeof body !== 'string') return undefined;
  return { kind, sessionId, title: title.slice(0, MAX_TEXT), body: body.slice(0, MAX_TEXT) };
}

/** The notification tag of a conversation: a newer notification of it replaces the older. */
export function notificationTag(sessionId: string): string {
  return `aidw-session:${sessionId}`;
}

/**
 * Where a notification opens: the inbox (the worker's scope, which is the inbox path) with the
 * conversation named in `?session=`, for the inbox page to select it.
 */
export function inboxUrl(scope: string, sessionId: string): string {
  const url = new URL(scope);
  url.searchParams.set('session', sessionId);
  return url.href;
}

/** Posted to an inbox tab that a notification click focused, so it can show that conversation. */
export interface OpenSessionMessage {
  type: 'aidw-open-session';
  sessionId: string;
}
