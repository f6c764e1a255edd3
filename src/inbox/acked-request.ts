import { ProtocolFailure } from '../protocol/errors.js';
import type { OperatorSocket } from './inbox-options.js';
import { readAck, type ReadAck } from './readers.js';

// Untyped on purpose: the answer is read as `unknown`, whatever the event map promises.
type UntypedEmitter = { emit(event: string, payload: object, ack: (err: Error | null, answer: unknown) => void): void };

/**
 * Emits an operator event with an ack and reads the answer with `reader`. No answer in time and
 * an unreadable answer come back as errors too (`unavailable`, `invalid`), so the caller has one
 * shape to handle and says in words what went wrong.
 */
export function ackedRequest<T>(socket: OperatorSocket, timeoutMs: number, event: string, payload: object, reader: (r: Record<string, unknown>) => T): Promise<ReadAck<T>> {
  return new Promise((resolve) => {
    const timed = socket.timeout(timeoutMs) as unknown as UntypedEmitter;
    timed.emit(event, payload, (err, answer) => {
      if (err) return resolve({ ok: false, error: { code: 'unavailable', message: `The server did not answer (${event}).` } });
      try {
        resolve(readAck(answer, reader));
      } catch (error) {
        if (!(error instanceof ProtocolFailure)) throw error;
        resolve({ ok: false, error: { code: 'invalid', message: `The server's answer could not be read (${event}).` } });
      }
    });
  });
}
