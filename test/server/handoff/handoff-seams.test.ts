import { describe, expect, it } from 'vitest';
import type { OperatorIdentity, OperatorPresence, ShopperPresence } from '../../../src/protocol/handoff';
import type { InboxRoute, PresenceRegistry } from '../../../src/server/handoff/contracts';
import { waitFor } from '../../support/wait';
import { deskHarness } from './desk-harness';

/**
 * A presence registry that records what the desk asks of it and lets the test announce changes, as
 * a shared registry would for operators on another process.
 */
class ScriptedPresence implements PresenceRegistry {
  readonly calls: string[] = [];
  operators: OperatorPresence[] = [];
  closed = false;
  private readonly listeners = new Set<(presence: OperatorPresence) => void>();

  async set(operator: OperatorIdentity, connectionId: string, state: 'online' | 'away'): Promise<void> {
    this.calls.push(`set ${operator.id} ${connectionId} ${state}`);
  }
  async remove(operatorId: string, connectionId: string): Promise<void> {
    this.calls.push(`remove ${operatorId} ${connectionId}`);
  }
  async list(): Promise<OperatorPresence[]> {
    return this.operators;
  }
  onChange(listener: (presence: OperatorPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  /** An operator somewhere (maybe another process) changed state. */
  announce(presence: OperatorPresence): void {
    this.operators = [presence];
    for (const listener of this.listeners) listener(presence);
  }
}

describe('hand-off seams: the presence registry and the inbox route given in HandoffOptions', () => {
  const h = deskHarness();

  it('tells the given registry of each operator connection (online, away, gone) and closes it with the server', async () => {
    const presence = new ScriptedPresence();
    const t = await h.server({}, { presence });
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    const connection = op.socket.id;
    await waitFor(() => presence.calls.includes(`set op:ana ${connection} online`), 'online');
    op.socket.emit('presence', { state: 'away' });
    await waitFor(() => presence.calls.includes(`set op:ana ${connection} away`), 'away');
    op.socket.disconnect();
    await waitFor(() => presence.calls.includes(`remove op:ana ${connection}`), 'remove');
    await t.server.close();
    expect(presence.closed).toBe(true);
  });

  it('tells shoppers and operators of changes the registry announces from elsewhere', async () => {
    const presence = new ScriptedPresence();
    const t = await h.server({}, { presence });
    const shopper = await h.shopper(t.url);
    expect(await shopper.events.until<ShopperPresence>('presence')).toEqual({ available: false });
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    const bo: OperatorPresence = { operatorId: 'op:bo', name: 'Bo', state: 'online', since: Date.now() };
    presence.announce(bo);
    await shopper.events.until<ShopperPresence>('presence', (p) => p.available);
    expect(await op.events.until<OperatorPresence>('presence-updated', (p) => p.operatorId === 'op:bo')).toEqual(bo);
    expect((await op.socket.emitWithAck('inbox-list', {})).operators).toEqual([bo]);
  });

  it('serves the inbox route before the chat server\'s own paths, and lets the others through', async () => {
    const seen: string[] = [];
    const inbox: InboxRoute = (request, response) => {
      seen.push(request.url ?? '');
      if (!request.url?.startsWith('/inbox')) return false;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('inbox page');
      return true;
    };
    const t = await h.server({}, { inbox });
    const page = await fetch(`${t.url}/inbox/`);
    expect([page.status, await page.text()]).toEqual([200, 'inbox page']);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(seen).toEqual(['/inbox/', '/healthz']);
  });

  it('answers 500 when the inbox route fails, and reports the failure', async () => {
    const t = await h.server({}, { inbox: async () => { throw new Error('inbox broke'); } });
    expect((await fetch(`${t.url}/inbox/`)).status).toBe(500);
    expect(t.errors).toEqual([expect.objectContaining({ where: 'inbox route' })]);
  });
});
