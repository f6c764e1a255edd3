import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGES, ROOT, npmPack, stagePackage, type PackageName } from '../packages/pack.mjs';

/**
 * The three published packages as a registry would hold them: each staged from the root build
 * (`npm test` builds first) into a temporary folder, packed, checked by publint and
 * arethetypeswrong, then installed from its tarball into an app of its own.
 */
const run = promisify(execFile);
const NAMES = Object.keys(PACKAGES) as PackageName[];
/** The server's dependencies: none may reach a front end that installs the widget. */
const SERVER_ONLY = ['socket.io', '@redis/client', '@socket.io/redis-streams-adapter', 'csv-parse', 'fast-xml-parser', 'minisearch', 'stemmer'];

let scratch: string;
const tarballs = new Map<PackageName, string>();

/** A new app folder with the given tarballs installed, as `npm install ./x.tgz` would. */
async function appWith(names: PackageName[]): Promise<string> {
  const app = mkdtempSync(join(scratch, 'app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // --prefer-offline: every dependency is in the cache after the root's `npm ci`.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...names.map((n) => tarballs.get(n)!)], { cwd: app });
  return app;
}

/** Every package an app's node_modules holds, scoped ones by their full name. */
function installed(app: string): string[] {
  const root = join(app, 'node_modules');
  return readdirSync(root).flatMap((name) => (name.startsWith('@') ? readdirSync(join(root, name)).map((n) => `${name}/${n}`) : [name]));
}

async function node(app: string, script: string, type: 'module' | 'commonjs' = 'module'): Promise<unknown> {
  const { stdout } = await run(process.execPath, [`--input-type=${type}`, '-e', script], { cwd: app });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  // Outside the repository, so that nothing an app imports can come from the root's node_modules.
  scratch = mkdtempSync(join(tmpdir(), 'aid-packages-'));
  for (const name of NAMES) {
    const result = npmPack(await stagePackage(name, join(scratch, 'staged', name)), { out: scratch });
    tarballs.set(name, join(scratch, result.filename));
  }
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the published packages', () => {
  it.each(NAMES)('%s: publint finds no error, warning or suggestion in the tarball', async (name) => {
    const tarball = readFileSync(tarballs.get(name)!);
    const { messages, pkg } = await publint({ pack: { tarball: new Uint8Array(tarball).buffer }, level: 'suggestion' });
    expect(messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, pkg)}`)).toEqual([]);
  });

  // The esm-only profile: the packages have no CommonJS entry on purpose (the README says so), so
  // attw's node10 and require() resolutions are not problems; every ESM and bundler one must be.
  it.each(NAMES)('%s: arethetypeswrong finds no problem for ESM and bundler resolution', async (name) => {
    const attw = join(ROOT, 'node_modules/.bin/attw');
    const result = await run(attw, [tarballs.get(name)!, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], { cwd: scratch })
      .then(() => 'no problems', (error: { stdout: string }) => error.stdout);
    expect(result).toBe('no problems');
  });

  it('the browser package installs without any of the server\'s dependencies, imports in Node and is ESM only', async () => {
    const app = await appWith(['widget']);
    const names = installed(app);
    expect(names).toEqual(expect.arrayContaining(['ai-discovery-widget', 'preact', 'socket.io-client', '@mediapipe/tasks-vision']));
    for (const server of SERVER_ONLY) expect(names, server).not.toContain(server);
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/ai-discovery-widget/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@mediapipe/tasks-vision', 'preact', 'socket.io-client']);

    expect(await node(app, `
      const core = await import('ai-discovery-widget');
      console.log(JSON.stringify({ widget: typeof core.AIDiscoveryWidget, error: typeof core.WidgetError }));
    `)).toEqual({ widget: 'function', error: 'function' });
    // What the README tells a CommonJS user: require() fails, import() works.
    expect(await node(app, `
      let required;
      try { require('ai-discovery-widget'); required = 'loaded'; } catch (error) { required = error.code; }
      import('ai-discovery-widget').then((core) => console.log(JSON.stringify({ required, imported: typeof core.AIDiscoveryWidget })));
    `, 'commonjs')).toEqual({ required: 'ERR_PACKAGE_PATH_NOT_EXPORTED', imported: 'function' });
    // The files a script-tag page and a RequireJS store load, and the face chunk beside them.
    for (const file of ['dist/cdn/ai-discovery.js', 'dist/cdn/ai-discovery.face.js', 'dist/cdn/launcher.js', 'dist/cdn/loader.js', 'dist/amd/ai-discovery.js', 'dist/react/index.js']) {
      expect(existsSync(join(app, 'node_modules/ai-discovery-widget', file)), file).toBe(true);
    }
  }, 120_000);

  it('the server package installs with its dependencies, starts from its import and its bin, and the protocol validates on its own', async () => {
    const app = await appWith(['server', 'protocol']);
    expect(installed(app)).toEqual(expect.arrayContaining(['ai-discovery-server', 'ai-discovery-protocol', ...SERVER_ONLY]));
    expect(installed(app)).not.toContain('preact');

    expect(await node(app, `
      const { createChatServer, DEMO_IMAGES_DIR } = await import('ai-discovery-server');
      const { existsSync } = await import('node:fs');
      const server = createChatServer({ port: 0, host: '127.0.0.1' });
      await server.ready;
      const port = server.port;
      await server.close();
      console.log(JSON.stringify({ listened: port > 0, images: existsSync(DEMO_IMAGES_DIR) }));
    `)).toEqual({ listened: true, images: true });

    // The bin at the path the README's deployment lines give: it starts, logs, and stops on SIGTERM.
    const bin = join(app, 'node_modules/ai-discovery-server/bin/ai-discovery-server.mjs');
    const { stderr } = await run(process.execPath, ['-e', `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, [${JSON.stringify(bin)}], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr.on('data', (d) => { process.stderr.write(d); if (String(d).includes('"listening"')) child.kill('SIGTERM'); });
      child.on('exit', (code) => process.exit(code ?? 1));
    `], { cwd: app });
    const events = stderr.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(['listening', 'shutdown', 'stopped']));

    expect(await node(app, `
      const { parseChatMessage, ProtocolFailure } = await import('ai-discovery-protocol');
      const good = parseChatMessage({ id: 'm1', sessionId: 's1', text: 'red shoes', sentAt: Date.now() });
      const bad = parseChatMessage({ id: 'm2', sessionId: 's1', text: 42, sentAt: Date.now() });
      console.log(JSON.stringify({ good: good.ok && good.value.text, bad: !bad.ok && bad.error instanceof ProtocolFailure && bad.error.code }));
    `)).toEqual({ good: 'red shoes', bad: 'invalid' });
  }, 120_000);
});
