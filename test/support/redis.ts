import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real `redis-server` on loopback, its files in a temporary folder removed on stop(). */
export interface RedisProcess {
  url: string;
  port: number;
  /** Stops the server and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Ends the server with SIGKILL, as a crash would, keeping its files for restart(). */
  kill(): Promise<void>;
  /** Starts the server again on the same port and folder (so with its append-only file, if any). */
  restart(): Promise<void>;
}

export interface RedisLaunchOptions {
  /**
   * An append-only file (fsync every second), as the chat server requires by default; `false`
   * runs Redis without any persistence. @default true
   */
  persistence?: boolean;
  /** More `redis-server` arguments, such as `['--rename-command', 'CONFIG', '']`. @default [] */
  args?: readonly string[];
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/**
 * Starts Debian's `redis-server` (or `$REDIS_SERVER`) on a free loopback port, with an append-only
 * file in a temporary folder unless told otherwise, and resolves once it answers PING. A missing
 * binary is an error that says how to install it, not a skipped test: CI installs it through
 * `.ci/run`.
 */
export async function startRedis(options: RedisLaunchOptions = {}): Promise<RedisProcess> {
  const persistence = options.persistence ?? true;
  const args = ['--save', '', '--appendonly', persistence ? 'yes' : 'no', '--appendfsync', 'everysec', ...(options.args ?? [])];
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'aidw-redis-'));
    try {
      return await running(port, dir, args, await launch(port, dir, args));
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      // Another process may take the free port between our probe and Redis binding it.
      if (!(error instanceof PortTaken) || attempt >= 4) throw error;
    }
  }
}

class PortTaken extends Error {}

/** The handle over one folder and port, whose process can be killed and started again. */
function running(port: number, dir: string, args: readonly string[], first: Launched): RedisProcess {
  let current: Launched | undefined = first;
  let stopping: Promise<void> | undefined;
  const end = async (signal: NodeJS.Signals) => {
    const launched = current;
    current = undefined;
    if (launched === undefined) return;
    if (launched.child.exitCode === null && launched.child.signalCode === null) launched.child.kill(signal);
    await launched.exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        await end('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
    kill: () => end('SIGKILL'),
    async restart() {
      if (current !== undefined) throw new Error('restart(): the Redis server is still running; kill() it first');
      current = await launch(port, dir, args);
    },
  };
}

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
}

async function launch(port: number, dir: string, extra: readonly string[]): Promise<Launched> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning', ...extra];
  const child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

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
    throw error;
  }
  return { child, exited };
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
