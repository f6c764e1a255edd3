import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../support/wait';

const SCRIPT = fileURLToPath(new URL('../support/chat-server-process.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/server/index.js', import.meta.url));

export type ServerEvent =
  | { ready: number }
  | { respond: string; text: string }
  | { error: string; message: string }
  | { closed: true };

/** A chat server (dist/server) running in a child process of its own, on a shared Redis. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly exited: Promise<number | null>,
    /** Everything the process reported, in order (filled as it reports). */
    readonly events: ServerEvent[],
  ) {}

  static async start(name: string, redisUrl: string, keyPrefix: string): Promise<ServerProcess> {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
    const child = spawn(process.execPath, [SCRIPT], {
      env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: keyPrefix, NAME: name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: ServerEvent[] = [];
    let stderr = '';
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        events.push(JSON.parse(pending.slice(0, end)) as ServerEvent);
        pending = pending.slice(end + 1);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let code: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve((code = c))));
    const ready = await waitFor(() => {
      if (code !== undefined) throw new Error(`${name} exited with ${code} before it was ready:\n${stderr}`);
      return events.find((e): e is { ready: number } => 'ready' in e);
    }, `${name} to be ready`, 20_000);
    return new ServerProcess(child, ready.ready, exited, events);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Message ids its responder was called with, in order. */
  get answered(): string[] {
    return this.events.flatMap((e) => ('respond' in e ? [e.respond] : []));
  }

  get errors(): { error: string; message: string }[] {
    return this.events.flatMap((e) => ('error' in e ? [e] : []));
  }

  /**
   * Closes the server with SIGTERM and resolves with the exit code once the process ended by
   * itself, which it only does when close() released every handle.
   */
  async close(): Promise<number | null> {
    this.child.kill('SIGTERM');
    await waitFor(() => this.events.some((e) => 'closed' in e) || this.errors.find((e) => e.error === 'close'), 'close() to resolve', 20_000);
    const code = await Promise.race([this.exited, new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 20_000).unref())]);
    if (code === 'alive') throw new Error('the server process is still alive after close(): something was left open');
    return code;
  }

  /** Ends the process at once, as a crash would. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
