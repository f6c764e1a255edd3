import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm ci && npm start` on a fresh clone: no dist/ and no built packages. The rest of the suite runs
 * after `npm run build`, so it cannot see a first build step that misses a target the store page or
 * the chat server needs (the protocol package the server imports by name, the chunks the launcher's
 * build hashes); this copy of the tracked files, with its own node_modules, can.
 */

let root = '';
let child: ChildProcess | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aid-fresh-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const path of tracked) {
    // A file deleted in the working tree but not yet in the index is not in a clone either.
    if (!existsSync(path)) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(path, join(root, path));
  }
  // What `npm ci` would have installed: the packages as they are (hard links where the file system
  // allows, else a copy), the workspace's own links relative, so they point at the copy's packages/.
  // Not the build cache (a fresh install has none) nor other tests' temporary folders in there.
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  const installed = readdirSync('node_modules').filter((entry) => entry !== '.cache' && !entry.startsWith('.aid-')).map((entry) => join('node_modules', entry));
  try {
    execFileSync('cp', ['-al', ...installed, modules]);
  } catch {
    execFileSync('cp', ['-a', ...installed, modules]);
  }
  for (const name of ['widget', 'server', 'protocol']) expect(realpathSync(join(root, 'node_modules', `ai-discovery-${name}`))).toBe(realpathSync(join(root, 'packages', name)));
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child!.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  if (root) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
});

describe('npm start on a fresh clone', () => {
  it('builds what the store page and the chat server need, prints the URL, and the store chats', async () => {
    expect(existsSync(join(root, 'dist'))).toBe(false);
    expect(existsSync(join(root, 'packages/protocol/dist'))).toBe(false);
    let output = '';
    const proc = (child = spawn(process.execPath, ['examples/serve.mjs'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    const url = await new Promise<string>((found, failed) => {
      const timer = setTimeout(() => failed(new Error(`no URL within 180 s:\n${output}`)), 180_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /AI Discovery demo store: (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          found(match[1]!);
        }
      };
      proc.stdout!.on('data', read);
      proc.stderr!.on('data', read);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        failed(new Error(`npm start exited (${code}) before printing the URL:\n${output}`));
      });
    });
    const home = await fetch(url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('src="/dist/cdn/launcher.js"');
    expect((await fetch(new URL('dist/cdn/launcher.js', url))).status).toBe(200);
    // The chat server answers a Socket.IO handshake: it loaded, protocol package and all.
    const handshake = await fetch(new URL('socket.io/?EIO=4&transport=polling', url));
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toMatch(/^0\{"sid":"/);
  }, 240_000);
});
