import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionManager, defaultSocketFactory, type ConnectionProblem, type SocketFactory } from '../../src/connection/connection-manager';
import { originProbe } from '../../src/connection/origin-probe';
import { fakeEnvironment } from '../support/fake-env';
import { waitFor } from '../support/wait';
import { startServer, type TestServer } from '../server/helpers';

/*
 * The connection manager against the real chat server, as a page on `origin` would see it
 * (Node's client may send the Origin header a browser sends by itself). Timers are the test's,
 * so "two refusals, then no more attempts" is counted, not timed.
 */

const managers: ConnectionManager[] = [];
let chat: TestServer | undefined;
afterEach(async () => {
  managers.splice(0).forEach((m) => m.stop());
  await chat?.server.close();
  vi.restoreAllMocks();
});

function manager(url: string, origin: string) {
  const env = fakeEnvironment();
  const socketFactory: SocketFactory = (u, options) => defaultSocketFactory(u, { ...options, extraHeaders: { origin } });
  const m = new ConnectionManager({
    url,
    path: '/socket.io',
    auth: () => ({ sessionId: 'sess-origin', client: 'test' }),
    env,
    options: { initialDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0, maxAttempts: 10 },
    socketFactory,
    transports: ['websocket'],
    probe: originProbe((input, init) => fetch(input, { ...init, headers: { origin } }), url, '/socket.io', undefined),
  });
  managers.push(m);
  const problems: (ConnectionProblem | undefined)[] = [];
  const errors: string[] = [];
  m.on('problem', (p) => problems.push(p));
  m.on('error', (e) => errors.push(e.code));
  return { m, env, problems, errors };
}

describe('ConnectionManager and a refused origin', () => {
  it('tells a refusal from an outage, fails after the second refusal and schedules nothing more', async () => {
    chat = await startServer({ allowedOrigins: ['https://shop.example'] });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { m, env, problems, errors } = manager(chat.url, 'https://evil.example');
    m.start();
    await waitFor(() => m.problem === 'origin_refused', 'the first refusal recognised');
    expect(m.status).toBe('reconnecting');
    expect(errors).toEqual([]);
    // One more try, in case a balancer sent the first to a server not yet reconfigured.
    env.timers.runNext();
    await waitFor(() => m.status === 'failed', 'failed');
    expect(errors).toEqual(['origin_refused']);
    expect(problems).toEqual(['unreachable', 'origin_refused']);
    expect(env.timers.pending.size).toBe(0);
    expect(consoleError.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/ALLOWED_ORIGINS \(the server option allowedOrigins\)/)]);
    // Two upgrades and their two probes, nothing since.
    expect(chat.logs.filter((l) => l.event === 'origin_refused')).toHaveLength(4);
  });

  it('an allowed page connects with no problem; a server that is down is unreachable, not refused', async () => {
    chat = await startServer({ allowedOrigins: ['https://shop.example'] });
    const allowed = manager(chat.url, 'https://shop.example');
    allowed.m.start();
    await waitFor(() => allowed.m.status === 'connected', 'connected');
    expect(allowed.problems).toEqual([]);
    const url = chat.url;
    await chat.server.close();
    chat = undefined;
    const down = manager(url, 'https://shop.example');
    down.m.start();
    await waitFor(() => down.env.timers.pending.size === 1, 'a retry scheduled');
    down.env.timers.runNext();
    await waitFor(() => down.env.timers.pending.size === 1, 'another retry scheduled');
    expect(down.problems).toEqual(['unreachable']);
    expect(down.errors).toEqual([]);
  });
});
