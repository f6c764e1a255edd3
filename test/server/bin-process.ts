import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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

  private constructor(readonly child: ChildProcess) {
    let pending = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
      pending += text;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        this.lines.push(JSON.parse(pending.slice(0, end)) as Line);
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

  async listening(): Promise<string> {
    const line = await waitFor(() => this.lines.find((l) => l.event === 'listening') ?? (this.child.exitCode !== null && 'exited'), 'the server to listen', 20_000);
    if (line === 'exited') throw new Error(`the server exited before listening:\n${this.stderr}`);
    return line.url as string;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
