import type { ExtendedError } from 'socket.io';
import { parseHandshakeAuth, type ErrorCode, type ProtocolLimits } from '../../protocol/index.js';
import type { SessionOwners } from '../sessions/session-owners.js';
import type { ChatSocket } from '../types.js';

/** The error Socket.IO turns into the client's `connect_error`; `data.code` is the contract's code. */
export function connectError(code: ErrorCode, message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code };
  return error;
}

/**
 * Socket.IO middleware: validates the handshake `auth`, asks the store's `auth` hook (through
 * `owners`, which also keeps a session to the identity that first opened it), and records the
 * session and identity on the socket. Handlers trust `socket.data` and nothing payloads claim.
 */
export function handshake(limits: ProtocolLimits, owners: SessionOwners, onError: (error: unknown, where: string) => void) {
  return (socket: ChatSocket, next: (error?: ExtendedError) => void): void => {
    const parsed = parseHandshakeAuth(socket.handshake.auth, limits);
    if (!parsed.ok) {
      next(connectError('invalid', parsed.error.message));
      return;
    }
    owners.admit(parsed.value, socket.request).then(
      (admission) => {
        if (!admission.ok) {
          // The same answer whether the token was bad or the session is someone else's: telling
          // them apart would confirm to a prober that a session id exists.
          next(connectError('unauthorized', 'not authorized'));
          return;
        }
        socket.data.auth = parsed.value;
        if (admission.identity !== undefined) socket.data.identity = admission.identity;
        next();
      },
      (error: unknown) => {
        // The session store failed while checking ownership: retryable, not a refusal.
        onError(error, 'session store');
        next(connectError('unavailable', 'session store unavailable'));
      },
    );
  };
}
