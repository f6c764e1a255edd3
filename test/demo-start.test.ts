import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `npm start` (examples/serve.mjs) as a merchant runs it, on a free port: it prints the store's
 * URL, whose page is the template with the launcher's tag (the page the store tests of
 * test/browser/cdn-launcher.test.ts drive in Chromium), then, once the second build step is done,
 * the operator inbox's URL with a demo login and a password made for this run, which signs in
 * through the inbox's own endpoint. The suite runs after `npm run build`, so both steps find
 * nothing stale and write nothing.
 */

let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
});

/** Resolves with the first match of `pattern` in the child's output so far or to come. */
function printed(process: ChildProcess, output: { text: string }, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not printed within ${timeoutMs} ms: ${pattern}\n${output.text}`)), timeoutMs);
    const check = () => {
      const match = output.text.match(pattern);
      if (!match) return;
      clearTimeout(timer);
      process.stdout?.off('data', check);
      resolve(match);
    };
    process.stdout?.on('data', check);
    check();
  });
}

describe('npm start', () => {
  it('prints the store, whose page loads the launcher, then the operator inbox with a demo operator who can sign in', async () => {
    const output = { text: '' };
    child = spawn(process.execPath, ['examples/serve.mjs'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    const [, store] = await printed(child, output, /AI Discovery demo store: (http:\/\/\S+)/);
    // The template as it is: its one script is the launcher, which the first build step wrote.
    const home = await (await fetch(store!)).text();
    expect(home).toBe(readFileSync('examples/html-store/index.html', 'utf8'));
    expect(home.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/^<script src="\/dist\/cdn\/launcher\.js" data-socket-url="" /)]);
    const launcher = await fetch(new URL('dist/cdn/launcher.js', store).href);
    expect(launcher.status).toBe(200);
    expect(await launcher.text()).toBe(readFileSync('dist/cdn/launcher.js', 'utf8'));
    const [, inbox, login, password] = await printed(child, output, /Operator inbox: (http:\/\/\S+) \(sign in as (\S+) \/ (\S+)\)/);
    expect(inbox).toBe(new URL('inbox/', store).href);

    const page = await fetch(inbox!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const signIn = (secret: string) => fetch(new URL('api/login', inbox).href, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: secret }),
    });
    const good = await signIn(password!);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ token: expect.any(String), operator: { id: `op:${login}`, name: 'Demo operator' } });
    expect((await signIn(`${password}x`)).status).toBe(401);
  }, 180_000);

  it('makes a new demo password on every start', async () => {
    const passwords: string[] = [];
    for (let run = 0; run < 2; run++) {
      const output = { text: '' };
      child = spawn(process.execPath, ['examples/serve.mjs'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      const [, , , password] = await printed(child, output, /Operator inbox: (http:\/\/\S+) \(sign in as (\S+) \/ (\S+)\)/);
      passwords.push(password!);
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    expect(passwords[0]).not.toBe(passwords[1]);
    expect(passwords[0]!.length).toBeGreaterThanOrEqual(12);
  }, 300_000);
});
