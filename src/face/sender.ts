import { parseMessageAck, PERMANENT_ERROR_CODES, type FaceAnalysisRequest } from '../protocol/index.js';
import type { FaceHost } from '../widget/face-host.js';
import { FaceError } from './errors.js';

/** Tries in all (a timeout or a transient refusal is retried while the connection lasts). */
const MAX_ATTEMPTS = 4;
const FIRST_DELAY_MS = 500;

/**
 * Sends `face-analysis` and resolves on the server's ack. Retried like a chat message while the
 * connection is up (same id every time: the server answers a repeat as a duplicate, never twice),
 * but never queued or stored: offline it fails at once, and the shopper can try again. Aborting
 * `signal` (the shopper left) stops the retries and clears the wait.
 */
export async function sendFaceAnalysis(host: FaceHost, request: FaceAnalysisRequest, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const socket = host.socket();
    if (!socket?.connected) throw new FaceError('offline', 'Not connected to the chat server');
    let retryAfterMs: number | undefined;
    try {
      const ack = parseMessageAck(await socket.timeout(host.ackTimeoutMs).emitWithAck('face-analysis', request));
      if (!ack.ok) throw new FaceError('send', `Unreadable acknowledgement: ${ack.error.message}`);
      if (ack.value.ok) return;
      const { error } = ack.value;
      if (PERMANENT_ERROR_CODES.includes(error.code) || attempt >= MAX_ATTEMPTS) throw new FaceError('send', error.message, error);
      retryAfterMs = error.retryAfterMs;
    } catch (error) {
      if (error instanceof FaceError) throw error;
      // The ack timed out (or the socket dropped): the server may have it; the same id is safe to resend.
      if (attempt >= MAX_ATTEMPTS) throw new FaceError('send', 'The chat server did not answer', error);
    }
    await sleep(host, retryAfterMs ?? FIRST_DELAY_MS * 2 ** (attempt - 1), signal);
  }
}

function sleep(host: FaceHost, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new FaceError('closed', 'The face flow was closed'));
    const { timers } = host.env;
    const onAbort = () => {
      timers.clearTimeout(timer);
      reject(new FaceError('closed', 'The face flow was closed'));
    };
    const timer = timers.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
