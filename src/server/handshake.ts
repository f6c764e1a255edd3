import type { ExtendedError } from 'socket.io';
import { parseHandshakeAuth, type ErrorCode, type ProtocolLimits } from '../protocol';
import type { ChatServerOptions, ChatSocket } from './types';

/** The error Socket.IO turns into the client's `connect_error`; `data.code` is the contract's code. */
export function connectError(code: ErrorCode, message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code };
  return error;
}

/**
 * Socket.IO middleware: validates the handshake `auth`, asks the store's `auth` hook, and records
 * the session on the socket. Handlers trust `socket.data.auth` and nothing the payloads claim.
 */
export function handshake(
  limits: ProtocolLimits, authorize: ChatServerOptions['auth'], onError: (error: unknown, where: string) => void,
) {
  return (socket: ChatSocket, next: (error?: ExtendedError) => void): void => {
    const parsed = parseHandshakeAuth(socket.handshake.auth, limits);
    if (!parsed.ok) {
      next(connectError('invalid', parsed.error.message));
      return;
    }
    const accept = () => {
      socket.data.auth = parsed.value;
      next();
    };
    if (!authorize) {
      accept();
      return;
    }
    const reject = () => next(connectError('unauthorized', 'not authorized'));
    // A throwing hook is a refusal, never a crash; it is reported because the store's auth
    // backend being down is something its operators need to hear about.
    new Promise<boolean>((resolve) => resolve(authorize(parsed.value, socket.request))).then(
      (ok) => (ok === true ? accept() : reject()),
      (error: unknown) => {
        onError(error, 'auth hook');
        reject();
      },
    );
  };
}
