import type { AuthHook, AuthResult, SessionStore } from '../types.js';
import type { HandshakeAuth } from '../../protocol/index.js';
import type { IncomingMessage } from 'node:http';

/** Sessions whose owners a store without `claimSession` keeps in this process, at most. */
const LOCAL_OWNERS_MAX = 100_000;

export type Admission = { ok: true; identity: string | undefined } | { ok: false; reason: 'refused' | 'owned' | 'hook failed' };

/**
 * Asks the `auth` hook about a handshake (or an HTTP API request standing for one) and enforces
 * session ownership: the first verified identity to open a session owns it, and from then on only
 * that identity may open it, so nobody reads another shopper's history through `session-sync`.
 * Anonymous sessions stay open to whoever holds their (random, unguessable) id.
 */
export class SessionOwners {
  private readonly local = new Map<string, string>();

  constructor(private readonly store: SessionStore, private readonly hook: AuthHook | undefined, private readonly onError: (error: unknown, where: string) => void) {}

  async admit(auth: HandshakeAuth, request: IncomingMessage): Promise<Admission> {
    if (!this.hook) return { ok: true, identity: undefined };
    let result: AuthResult;
    try {
      result = await this.hook(auth, request);
    } catch (error) {
      // A throwing hook is a refusal, never a crash; its operators hear about it.
      this.onError(error, 'auth hook');
      return { ok: false, reason: 'hook failed' };
    }
    const identity = identityOf(result);
    if (result !== true && identity === undefined) return { ok: false, reason: 'refused' };
    const owner = await this.claim(auth.sessionId, identity ?? '');
    if (owner !== '' && owner !== identity) return { ok: false, reason: 'owned' };
    return { ok: true, identity };
  }

  private async claim(sessionId: string, identity: string): Promise<string> {
    if (this.store.claimSession) return this.store.claimSession(sessionId, identity);
    const owner = this.local.get(sessionId) ?? '';
    if (owner !== '' || identity === '') return owner;
    if (this.local.size >= LOCAL_OWNERS_MAX) this.local.delete(this.local.keys().next().value as string);
    this.local.set(sessionId, identity);
    return identity;
  }
}

function identityOf(result: AuthResult): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const identity = (result as { identity?: unknown }).identity;
  return typeof identity === 'string' && identity !== '' ? identity : undefined;
}
