import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPresenceRegistry } from '../../../src/server';
import { changesOf, presenceContract } from './presence-contract';

describe('MemoryPresenceRegistry', () => {
  const made: MemoryPresenceRegistry[] = [];
  afterEach(async () => {
    for (const registry of made.splice(0)) await registry.close();
  });

  presenceContract(async () => {
    const registry = new MemoryPresenceRegistry();
    made.push(registry);
    return registry;
  });

  it('says since when an operator is in their state, and lists offline operators only within the window', async () => {
    let now = 1_000;
    const registry = new MemoryPresenceRegistry({ offlineWindowMs: 60_000, now: () => now });
    made.push(registry);
    const changes = changesOf(registry);
    await registry.set({ id: 'op:a', name: 'A' }, 'c1', 'online');
    now = 5_000;
    // A second tab in the same state is no change: since stays.
    await registry.set({ id: 'op:a', name: 'A' }, 'c2', 'online');
    expect(await registry.list()).toEqual([{ operatorId: 'op:a', name: 'A', state: 'online', since: 1_000 }]);
    now = 9_000;
    await registry.remove('op:a', 'c1');
    await registry.remove('op:a', 'c2');
    expect(changes.seen).toEqual([
      { operatorId: 'op:a', name: 'A', state: 'online', since: 1_000 },
      { operatorId: 'op:a', name: 'A', state: 'offline', since: 9_000 },
    ]);
    now = 9_000 + 60_000;
    expect(await registry.list()).toEqual([{ operatorId: 'op:a', name: 'A', state: 'offline', since: 9_000 }]);
    now += 1;
    expect(await registry.list()).toEqual([]);
  });
});
