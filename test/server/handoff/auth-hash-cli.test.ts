import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operatorAuth } from '../../../src/server';

const CLI = fileURLToPath(new URL('../../../bin/hash-operator-password.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../dist/server/index.js', import.meta.url));
/** Loading the server bundle in a new process takes seconds on a busy two-core machine. */
const SLOW_START = 120_000;

/** Runs the command as an operator's admin would, the password piped in; its exit code and output. */
function run(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('bin/hash-operator-password.mjs', () => {
  it('prints a bcrypt hash of the password on standard input that operatorAuth signs the operator in with', async () => {
    const { code, stdout } = await run(['--cost', '5'], 'pass phrase with spaces\n');
    expect(code).toBe(0);
    const passwordHash = stdout.trim();
    expect(passwordHash).toMatch(/^\$2b\$05\$[./A-Za-z0-9]{53}$/);
    const auth = operatorAuth({ secret: 'the-servers-own-operator-secret-0123456789', operators: [{ login: 'alice', name: 'Alice', passwordHash }] });
    // The newline that ended the typed line is not part of the password.
    expect(await auth.login('alice', 'pass phrase with spaces')).not.toBeNull();
    expect(await auth.login('alice', 'pass phrase with spaces\n')).toBeNull();
  }, SLOW_START);

  it('refuses an empty password, a bad cost and unknown arguments with exit code 2', async () => {
    const [empty, badCost, argument] = await Promise.all([run([], ''), run(['--cost', '3'], 'pw'), run(['my-password'], 'pw')]);
    expect(empty).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/no password/) });
    expect(badCost).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/cost must be an integer from 4 to 31/) });
    expect(argument).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/usage: .*< password/) });
  }, SLOW_START);
});
