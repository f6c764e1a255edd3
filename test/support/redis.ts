import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real `redis-server` on loopback, with nothing written to disk. */
export interface RedisProcess {
  url: string;
  port: number;
  /** Stops the server and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/**
 * Starts Debian's `redis-server` (or `$REDIS_SERVER`) on a free loopback port with persistence off,
 * and resolves once it answers PING. A missing binary is an error that says how to install it, not
 * a skipped test: CI installs it through `.ci/run`.
 */
export async function startRedis(): Promise<RedisProcess> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(port);
    } catch (error) {
      // Another process may take the free port between our probe and Redis binding it.
      if (!(error instanceof PortTaken) || attempt >= 4) throw error;
    }
  }
}

class PortTaken extends Error {}

async function launch(port: number): Promise<RedisProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'aidw-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'];
  const child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });

  const failure = new Promise<never>((_resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT'
        ? new Error(`${BINARY} not found: install Redis (Debian: apt-get install redis-server, as .ci/run does) or set REDIS_SERVER`)
        : error);
    });
    child.once('exit', (code) => {
      const message = `${BINARY} exited with code ${code} before answering PING:\n${output}`;
      reject(/address already in use/i.test(output) ? new PortTaken(message) : new Error(message));
    });
  });
  failure.catch(() => undefined);

  try {
    await Promise.race([failure, untilPong(port)]);
  } catch (error) {
    stopChild(child);
    await exited;
    cleanUp();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        stopChild(child);
        await exited;
        cleanUp();
      })();
      return stopping;
    },
  };
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Sends PING until the answer is PONG (Redis loads and binds in a few ms; allow 10 s on a busy machine). */
async function untilPong(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
