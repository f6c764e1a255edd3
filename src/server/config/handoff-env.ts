import { operatorAuth } from '../handoff/auth/operator-auth.js';
import type { HandoffOptions } from '../handoff/handoff-options.js';
import { ConfigError } from './env-readers.js';
import type { EnvValues } from './env-variables.js';

/**
 * The hand-off from OPERATORS_FILE / OPERATOR_STORE_SECRET and their companions (readEnv checked
 * each value and their combinations), or undefined when neither is set: no operators, no desk.
 */
export function handoffFromValues(v: EnvValues): HandoffOptions | undefined {
  if (v.OPERATORS_FILE === undefined && v.OPERATOR_STORE_SECRET === undefined) return undefined;
  let operators: HandoffOptions['operators'];
  try {
    operators = operatorAuth({
      ...(v.OPERATORS_FILE !== undefined && { operators: v.OPERATORS_FILE, secret: v.OPERATOR_SECRET }),
      ...(v.OPERATOR_STORE_SECRET !== undefined && { storeSecret: v.OPERATOR_STORE_SECRET }),
      ...(v.OPERATOR_SESSION_TTL_MS !== undefined && { sessionTtlMs: v.OPERATOR_SESSION_TTL_MS }),
    });
  } catch (error) {
    // Two operators with one login, say: the file is at fault, and no secret is in the message.
    throw new ConfigError(['OPERATORS_FILE'], [`OPERATORS_FILE is refused: ${(error as Error).message}`]);
  }
  const handoff: HandoffOptions = { operators };
  if (v.OPENING_HOURS !== undefined) handoff.hours = v.OPENING_HOURS;
  if (v.INBOX_PATH !== undefined) handoff.inboxPath = v.INBOX_PATH;
  if (v.VAPID_PUBLIC_KEY !== undefined && v.VAPID_PRIVATE_KEY !== undefined && v.VAPID_SUBJECT !== undefined) {
    handoff.push = {
      vapid: { publicKey: v.VAPID_PUBLIC_KEY, privateKey: v.VAPID_PRIVATE_KEY, subject: v.VAPID_SUBJECT },
      ...(v.PUSH_PREVIEW !== undefined && { preview: v.PUSH_PREVIEW }),
    };
  }
  return handoff;
}
