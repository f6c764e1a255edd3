import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HandshakeAuth } from '../../src/protocol';
import { client, connected, rejected, startServer, serverHarness } from './helpers';

describe('handshake', () => {
  const h = serverHarness();

  const open = (auth: unknown) => {
    const socket = client(h.t!.url, auth);
    h.sockets.push(socket);
    return socket;
  };

  it.each([
    ['an empty auth', {}],
    ['a missing sessionId', { client: 'test' }],
    ['a sessionId that is not an identifier', { sessionId: 'has spaces <b>', client: 'test' }],
    ['a numeric sessionId', { sessionId: 42, client: 'test' }],
    ['a negative lastSeq', { sessionId: 's1', client: 'test', lastSeq: -1 }],
  ])('refuses %s with data.code invalid', async (_name, auth) => {
    h.t = await startServer();
    const error = await rejected(open(auth));
    expect(error.data?.code).toBe('invalid');
  });

  it('refuses with unauthorized when the auth hook says no, and passes it the parsed auth and request', async () => {
    const seen: { auth: HandshakeAuth; request: IncomingMessage }[] = [];
    h.t = await startServer({
      auth: (auth, request) => {
        seen.push({ auth, request });
        return auth.token === 'good';
      },
    });
    const error = await rejected(open({ sessionId: 's1', client: 'test', token: 'bad', extra: 'ignored' }));
    expect(error.data?.code).toBe('unauthorized');
    expect(seen[0]?.auth).toEqual({ sessionId: 's1', client: 'test', token: 'bad' });
    expect(seen[0]?.request.headers).toBeTypeOf('object');

    await connected(open({ sessionId: 's1', client: 'test', token: 'good' }));
  });

  it('treats an async hook and a throwing hook the same way, reporting the throw', async () => {
    h.t = await startServer({
      auth: async (auth) => {
        if (auth.token === 'boom') throw new Error('auth backend down');
        return auth.token === 'ok';
      },
    });
    const thrown = await rejected(open({ sessionId: 's1', client: 'test', token: 'boom' }));
    expect(thrown.data?.code).toBe('unauthorized');
    expect(thrown.message).not.toMatch(/backend/);
    expect(h.t.errors.map((e) => e.where)).toEqual(['auth hook']);

    const refused = await rejected(open({ sessionId: 's1', client: 'test', token: 'no' }));
    expect(refused.data?.code).toBe('unauthorized');
    await connected(open({ sessionId: 's1', client: 'test', token: 'ok' }));
  });

  it('only accepts a hook answer of exactly true', async () => {
    h.t = await startServer({ auth: () => 'yes' as unknown as boolean });
    const error = await rejected(open({ sessionId: 's1', client: 'test' }));
    expect(error.data?.code).toBe('unauthorized');
  });
});
