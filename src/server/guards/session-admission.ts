import type { IncomingMessage } from 'node:http';
import type { ExtendedError } from 'socket.io';
import { connectError } from './handshake.js';
import type { ChatLogger } from '../operations/logger.js';
import { SessionOpenings } from '../sessions/session-openings.js';
import type { SessionOpening, SessionStore, SessionWindowRule } from '../sessions/session-store.js';
import type { ChatSocket } from '../types.js';

export interface SessionAdmissionDeps {
  store: SessionStore;
  /** New sessions per address per window; undefined when rate limits are off. */
  rule: SessionWindowRule | undefined;
  addressOf: (request: IncomingMessage) => string;
  log: ChatLogger;
  onError: (error: unknown, where: string) => void;
  now: () => number;
}

/**
 * Bounds how many new sessions one client address may open, whichever way it comes (a socket
 * handshake, an HTTP API message). Session ids are the client's to choose, so without this one
 * address could open sessions without end: each a fresh per-session bucket, a slot in the store
 * and, with a memory store, pressure to forget real shoppers. The count lives in the store when it
 * can keep one (shared by every process with Redis), else in this process.
 */
export class SessionAdmission {
  private readonly local: SessionOpenings;

  constructor(private readonly deps: SessionAdmissionDeps) {
    this.local = new SessionOpenings(deps.now);
  }

  /**
   * Whether the request's address may use the session. A store that cannot count lets it through
   * (and is reported): nothing can be stored while it is down anyway, and every message is refused
   * `unavailable` until it is back, so refusing here would only turn retries into lockouts.
   */
  async open(sessionId: string, request: IncomingMessage): Promise<SessionOpening> {
    const { rule, store } = this.deps;
    if (!rule) return { ok: true };
    const address = this.deps.addressOf(request);
    let opening: SessionOpening;
    try {
      opening = store.openSession ? await store.openSession(sessionId, address, rule) : this.local.open(address, sessionId, rule);
    } catch (error) {
      this.deps.onError(error, 'session store');
      return { ok: true };
    }
    if (!opening.ok) this.deps.log({ level: 'debug', event: 'refused', code: 'rate_limited', scope: 'sessions', address, sessionId });
    return opening;
  }

  /** Socket.IO middleware, after the handshake's: a refused handshake is `connect_error` `rate_limited`. */
  readonly middleware = (socket: ChatSocket, next: (error?: ExtendedError) => void): void => {
    void this.open(socket.data.auth.sessionId, socket.request).then((opening) => {
      if (opening.ok) return next();
      const error = connectError('rate_limited', 'too many new sessions from this address: try again later');
      error.data = { code: 'rate_limited', retryAfterMs: opening.retryAfterMs };
      next(error);
    });
  };
}
