import { expect, it } from 'vitest';
import type { OperatorPresence } from '../../../src/protocol/handoff';
import type { PresenceRegistry } from '../../../src/server/handoff/contracts';
import { until } from '../helpers';

/** An operator's presence changes as one registry reported them, in order. */
export function changesOf(registry: PresenceRegistry) {
  const seen: OperatorPresence[] = [];
  const stop = registry.onChange((presence) => seen.push(presence));
  return {
    seen,
    stop,
    /** The states reported so far for `operatorId`, once there are `count` of them (changes may arrive later than the call that made them). */
    async states(operatorId: string, count: number): Promise<string[]> {
      const of = () => seen.filter((p) => p.operatorId === operatorId).map((p) => p.state);
      await until(async () => of().length >= count, `${count} presence changes of ${operatorId}`);
      return of();
    },
  };
}

/** What every PresenceRegistry does, whether it keeps presence in memory or in Redis. */
export function presenceContract(make: () => Promise<PresenceRegistry>): void {
  const alice = { id: 'op:alice', name: 'Alice' };
  const bob = { id: 'op:bob', name: 'Bob' };

  it('gives an operator the best state of their tabs: online over away, offline once the last one closes', async () => {
    const registry = await make();
    const changes = changesOf(registry);
    await registry.set(alice, 'tab-1', 'away');
    await registry.set(alice, 'tab-2', 'online');
    expect((await registry.list()).find((p) => p.operatorId === alice.id)).toMatchObject({ name: 'Alice', state: 'online' });
    await registry.set(alice, 'tab-2', 'away');
    // Closing one of two away tabs changes nothing; the change after it proves no event came between.
    await registry.remove(alice.id, 'tab-1');
    await registry.set(alice, 'tab-2', 'online');
    await registry.remove(alice.id, 'tab-2');
    expect(await changes.states(alice.id, 5)).toEqual(['away', 'online', 'away', 'online', 'offline']);
    expect((await registry.list()).find((p) => p.operatorId === alice.id)).toMatchObject({ name: 'Alice', state: 'offline' });
  });

  it('keeps operators apart and reports a change of name', async () => {
    const registry = await make();
    const changes = changesOf(registry);
    await registry.set(alice, 'a-1', 'online');
    await registry.set(bob, 'b-1', 'away');
    await registry.set({ ...bob, name: 'Robert' }, 'b-1', 'away');
    await registry.remove(alice.id, 'a-1');
    expect(await changes.states(alice.id, 2)).toEqual(['online', 'offline']);
    expect(changes.seen.filter((p) => p.operatorId === bob.id).map((p) => `${p.name} ${p.state}`)).toEqual(['Bob away', 'Robert away']);
    const listed = await registry.list();
    expect(listed.map((p) => `${p.operatorId} ${p.name} ${p.state}`).sort()).toEqual(['op:alice Alice offline', 'op:bob Robert away']);
    for (const presence of listed) expect(presence.since).toEqual(expect.any(Number));
  });

  it('ignores removing a connection it does not know, and stops telling a listener that unsubscribed', async () => {
    const registry = await make();
    const changes = changesOf(registry);
    const other = changesOf(registry);
    await registry.remove(alice.id, 'never-opened');
    await registry.set(alice, 'a-1', 'online');
    expect(await changes.states(alice.id, 1)).toEqual(['online']);
    changes.stop();
    await registry.remove(alice.id, 'a-1');
    expect(await other.states(alice.id, 2)).toEqual(['online', 'offline']);
    expect(changes.seen.map((p) => p.state)).toEqual(['online']);
  });

  it('refuses a state other than online or away at once', async () => {
    const registry = await make();
    await expect(registry.set(alice, 'a-1', 'offline' as never)).rejects.toThrow(/state must be 'online' or 'away'.*remove\(\)/);
  });
}
