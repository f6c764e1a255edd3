import { createHash } from 'node:crypto';
import type { OperatorNotice } from '../contracts.js';

/**
 * What a push message carries, as JSON (src/inbox/push/sw.ts reads the same shape and validates
 * it: the worker cannot import server code, so the two are kept in step by the browser test, which
 * delivers payloads this module builds).
 */
export interface PushPayload {
  /** Payload version, for workers of older inbox releases. */
  v: 1;
  kind: OperatorNotice['kind'];
  sessionId: string;
  title: string;
  body: string;
}

/** Push services refuse larger payloads (4 KB, less the encryption overhead); previews are cut well below. */
const MAX_PREVIEW = 140;

const TITLES: Readonly<Record<OperatorNotice['kind'], string>> = {
  waiting: 'A shopper is waiting',
  'shopper-message': 'New message',
};

const BODIES: Readonly<Record<OperatorNotice['kind'], string>> = {
  waiting: 'A conversation was handed to the team. Open the inbox to answer.',
  'shopper-message': 'A shopper wrote in your conversation. Open the inbox to read it.',
};

/**
 * The payload of a notice. Without `preview` it carries no shopper text at all: push messages
 * cross a third party's service (encrypted, but stored there until delivered) and land on lock
 * screens, so what the shopper typed stays in the inbox unless the store opts in.
 */
export function pushPayload(notice: OperatorNotice, preview: boolean): PushPayload {
  const text = preview ? cut(notice.preview) : '';
  return { v: 1, kind: notice.kind, sessionId: notice.sessionId, title: TITLES[notice.kind], body: text === '' ? BODIES[notice.kind] : text };
}

/**
 * The Topic header (RFC 8030): a push service keeps only the newest undelivered message of a topic,
 * so an operator whose phone was off gets one notification per conversation, not a backlog. At most
 * 32 characters of the URL-safe alphabet, so a hash of the session id.
 */
export function pushTopic(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 32);
}

function cut(text: string): string {
  // By code points, so an emoji is never cut in half.
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= MAX_PREVIEW ? chars.join('') : `${chars.slice(0, MAX_PREVIEW - 1).join('')}…`;
}
