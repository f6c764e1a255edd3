import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../support/wait';

export const BIN = fileURLToPath(new URL('../../bin/ai-discovery-server.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/server/index.js', import.meta.url));

export type Line = { level: string; event: string; [key: string]: unknown };

/** `bin/ai-discovery-server.mjs` in a child process, as a deployment runs it, with its JSON log lines. */
export class BinProcess {
  readonly lines: Line[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';

  /** @param group whether the child leads a process group of its own, to be ended whole by kill() */
  private constructor(readonly child: ChildProcess, private readonly group = false) {
    let pending = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
      pending += text;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        // A shell or npm around the server may print text of its own; the server writes JSON only.
        if (line.startsWith('{')) this.lines.push(JSON.parse(line) as Line);
        pending = pending.slice(end + 1);
      }
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static start(env: Record<string, string>): BinProcess {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
    return new BinProcess(spawn(process.execPath, [BIN], {
      // Only what the test sets, plus PATH: the server must not depend on anything else around it.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
  }

  /**
   * A command as a process manager runs it (`argv[0]` looked up on PATH, in `cwd`), leading a
   * process group of its own; signals sent to `child` reach that one process only, as they do
   * from Docker or a stop script.
   */
  static run(argv: readonly string[], cwd: string, env: Record<string, string>): BinProcess {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
    const [file, ...args] = argv;
    const child = spawn(file!, args, {
      cwd, env: { PATH: dirname(process.execPath) + delimiter + (process.env.PATH ?? ''), ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    return new BinProcess(child, true);
  }

  async listening(): Promise<string> {
    const line = await waitFor(() => this.lines.find((l) => l.event === 'listening') ?? (this.child.exitCode !== null && 'exited'), 'the server to listen', 20_000);
    if (line === 'exited') throw new Error(`the server exited before listening:\n${this.stderr}`);
    return line.url as string;
  }

  /** Ends the process at once (with whatever it started, when it leads a group). */
  kill(): void {
    if (this.group && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    } else if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
