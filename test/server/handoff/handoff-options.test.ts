import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../../src/server';
import type { HandoffOptions } from '../../../src/server/handoff/handoff-options';
import { rejected, serverHarness, type ClientSocket } from '../helpers';
import { TokenTable, deskHarness } from './desk-harness';

describe('createChatServer({ handoff })', () => {
  const h = deskHarness();
  const plain = serverHarness();

  it('has no /operators namespace without handoff', async () => {
    const t = await plain.start();
    const { token } = new TokenTable().issue('Ana');
    const refusal = await rejected(h.operatorSocket(t.url, token) as unknown as ClientSocket);
    expect(refusal.message).toMatch(/invalid namespace/i);
  });

  it('throws at once, saying what to pass, without an operator authenticator or with a bad waitSamples or conversationTtlMs', () => {
    expect(() => createChatServer({ handoff: {} as HandoffOptions })).toThrow(/handoff\.operators must be an OperatorAuthenticator/);
    expect(() => createChatServer({ handoff: { operators: new TokenTable(), waitSamples: 0 } })).toThrow(/handoff\.waitSamples must be a positive integer/);
    for (const conversationTtlMs of [0, -1, 1.5, Number.NaN]) {
      expect(() => createChatServer({ handoff: { operators: new TokenTable(), conversationTtlMs } })).toThrow(/handoff\.conversationTtlMs must be a positive integer/);
    }
  });
});
