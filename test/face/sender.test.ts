import { describe, expect, it } from 'vitest';
import type { ChatSocket } from '../../src/connection/connection-manager';
import { FaceError } from '../../src/face/errors';
import { sendFaceAnalysis } from '../../src/face/sender';
import type { FaceAnalysisRequest } from '../../src/protocol';
import type { FaceHost } from '../../src/widget/face-host';
import { fakeEnvironment } from '../support/fake-env';

/*
 * The face-analysis send, against a scripted socket: the ack path is the real one (the same
 * `timeout().emitWithAck()` calls socket.io-client makes), only the server's answers are scripted.
 */

const request: FaceAnalysisRequest = {
  id: '11111111-2222-4333-8444-555555555555',
  sessionId: 'session-1',
  attributes: { skinTone: { ita: 30.5, band: 'intermediate', monk: 4 }, confidence: 0.8, quality: 'good' },
};

type Answer = unknown | Error;

function scripted(answers: Answer[], connected = true) {
  const sent: { event: string; payload: unknown; timeoutMs: number }[] = [];
  const socket = {
    connected,
    timeout(timeoutMs: number) {
      return {
        emitWithAck: (event: string, payload: unknown) => {
          sent.push({ event, payload, timeoutMs });
          const answer = answers.shift();
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
        },
      };
    },
  };
  const env = fakeEnvironment();
  const host = {
    env,
    ackTimeoutMs: 5000,
    socket: () => socket as unknown as ChatSocket,
  } as unknown as FaceHost;
  return { host, env, socket, sent };
}

/** Runs the send, firing each retry timer as soon as it is set. */
async function run(host: FaceHost, env: ReturnType<typeof fakeEnvironment>, signal = new AbortController().signal) {
  const done = sendFaceAnalysis(host, request, signal).then(() => 'sent', (error: unknown) => error);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (env.timers.pending.size > 0) env.timers.runNext();
  }
  return done;
}

const ok = { ok: true, id: request.id };
const refused = (code: string, retryAfterMs?: number) => ({ ok: false, id: request.id, error: { code, message: `refused: ${code}`, ...(retryAfterMs ? { retryAfterMs } : {}) } });

describe('sendFaceAnalysis', () => {
  it('sends face-analysis with the ack timeout and resolves on the ack', async () => {
    const { host, env, sent } = scripted([ok]);
    expect(await run(host, env)).toBe('sent');
    expect(sent).toEqual([{ event: 'face-analysis', payload: request, timeoutMs: 5000 }]);
  });

  it('resends the same request (same id) after a lost ack, with growing waits', async () => {
    const { host, env, sent } = scripted([new Error('operation has timed out'), new Error('operation has timed out'), ok]);
    expect(await run(host, env)).toBe('sent');
    expect(sent.map((s) => s.payload)).toEqual([request, request, request]);
    expect(env.timers.requested).toEqual([500, 1000]);
  });

  it('waits as long as the server asks after a transient refusal', async () => {
    const { host, env, sent } = scripted([refused('rate_limited', 3000), ok]);
    expect(await run(host, env)).toBe('sent');
    expect(sent).toHaveLength(2);
    expect(env.timers.requested).toEqual([3000]);
  });

  it('does not resend what the server refused for good', async () => {
    const { host, env, sent } = scripted([refused('invalid'), ok]);
    const error = await run(host, env);
    expect(error).toBeInstanceOf(FaceError);
    expect((error as FaceError).code).toBe('send');
    expect((error as FaceError).message).toBe('refused: invalid');
    expect(sent).toHaveLength(1);
  });

  it('gives up after four tries', async () => {
    const { host, env, sent } = scripted(Array.from({ length: 6 }, () => new Error('operation has timed out')));
    const error = await run(host, env);
    expect((error as FaceError).code).toBe('send');
    expect(sent).toHaveLength(4);
  });

  it('fails at once, sending nothing, when not connected (nothing is queued or stored)', async () => {
    const { host, env, sent } = scripted([ok], false);
    const error = await run(host, env);
    expect((error as FaceError).code).toBe('offline');
    expect(sent).toEqual([]);
  });

  it('an unreadable ack is a failure, not a success', async () => {
    const { host, env } = scripted([{ ok: 'yes' }]);
    expect((await run(host, env) as FaceError).code).toBe('send');
  });

  it('stops retrying, and clears its timer, when the shopper leaves', async () => {
    const { host, env, sent } = scripted([new Error('operation has timed out'), ok]);
    const abort = new AbortController();
    const done = sendFaceAnalysis(host, request, abort.signal).then(() => 'sent', (error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(env.timers.pending.size).toBe(1);
    abort.abort();
    expect(((await done) as FaceError).code).toBe('closed');
    expect(env.timers.pending.size).toBe(0);
    expect(sent).toHaveLength(1);
  });
});
