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

/**
 * Runs a chat server command in `app` on a free loopback port, sends SIGTERM once it listens and
 * has answered a request, and returns its exit code and its JSON log lines.
 */
async function runServerCommand(app: string, path: string): Promise<{ code: number; lines: { level: string; event: string; message?: string }[] }> {
  const script = `
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, [${JSON.stringify(path)}], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let pending = '';
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      const lines = (pending + d).split('\\n');
      pending = lines.pop();
      const listening = lines.map((l) => JSON.parse(l)).find((l) => l.event === 'listening');
      // One request answered first: the command installs its signal handlers just after it logs
      // "listening", and a SIGTERM sent in between would kill it by default instead.
      if (listening) fetch('http://127.0.0.1:' + listening.port + '/').catch(() => undefined).finally(() => child.kill('SIGTERM'));
    });
    child.on('exit', (code) => process.exit(code ?? 1));
  `;
  const { code, stderr } = await run(process.execPath, ['-e', script], { cwd: app })
    .then((r) => ({ code: 0, stderr: r.stderr }), (error: { code: number; stderr: string }) => error);
  return { code, lines: stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: string; event: string; message?: string }) };
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
    // Nor the server's code: its bundle, its declarations and its demo catalog stay out.
    for (const path of ['dist/server', 'dist/types/server']) expect(existsSync(join(app, 'node_modules/ai-discovery-widget', path)), path).toBe(false);
    // The chat server's old path says what to install rather than fail on a missing module.
    const moved = await runServerCommand(app, 'node_modules/ai-discovery-widget/bin/ai-discovery-server.mjs');
    expect(moved.code).toBe(1);
    expect(moved.lines).toEqual([expect.objectContaining({ level: 'error', event: 'bin_moved', message: expect.stringContaining('npm i ai-discovery-server') })]);
  }, 120_000);

  it('the server package installs with its dependencies, starts from its import and its bin (the old path too), and the protocol validates on its own', async () => {
    const app = await appWith(['server', 'protocol']);
    expect(installed(app)).toEqual(expect.arrayContaining(['ai-discovery-server', 'ai-discovery-protocol', ...SERVER_ONLY]));
    expect(installed(app)).not.toContain('preact');
    // One copy of the protocol: the server's code and declarations import it by its name, and npm
    // resolves that name to the one package the app installed, not to a copy of the server's own.
    const { stdout: copies } = await run('npm', ['query', '[name=ai-discovery-protocol]'], { cwd: app });
    expect((JSON.parse(copies) as { location: string }[]).map((node) => node.location)).toEqual(['node_modules/ai-discovery-protocol']);
    const server = join(app, 'node_modules/ai-discovery-server');
    expect(JSON.parse(readFileSync(join(server, 'package.json'), 'utf8'))).toMatchObject({ dependencies: { 'ai-discovery-protocol': '0.1.0' } });
    const code = readFileSync(join(server, 'dist/server/index.js'), 'utf8');
    expect(code).toMatch(/from ['"]ai-discovery-protocol['"]/);
    expect(code).not.toMatch(/class ProtocolFailure\b/);
    const declarations = readdirSync(join(server, 'dist/types'), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.d.ts'));
    const texts = declarations.map((path) => readFileSync(join(server, 'dist/types', path), 'utf8'));
    expect(texts.filter((text) => /from ['"]ai-discovery-protocol['"]/.test(text)).length).toBeGreaterThan(0);
    expect(declarations.filter((_, i) => /['"][./]+\/protocol\/(?!handoff\.js)/.test(texts[i]!))).toEqual([]);
    // The hand-off wire types, which the protocol's entry does not publish, are the only ones shipped beside the server's.
    const shipped = existsSync(join(server, 'dist/types/protocol')) ? readdirSync(join(server, 'dist/types/protocol')) : [];
    expect(shipped.filter((name) => name !== 'handoff.d.ts')).toEqual([]);

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
    const started = await runServerCommand(app, 'node_modules/ai-discovery-server/bin/ai-discovery-server.mjs');
    expect(started.code, JSON.stringify(started.lines)).toBe(0);
    expect(started.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['listening', 'shutdown', 'stopped']));

    expect(await node(app, `
      const { parseChatMessage, ProtocolFailure } = await import('ai-discovery-protocol');
      const good = parseChatMessage({ id: 'm1', sessionId: 's1', text: 'red shoes', sentAt: Date.now() });
      const bad = parseChatMessage({ id: 'm2', sessionId: 's1', text: 42, sentAt: Date.now() });
      console.log(JSON.stringify({ good: good.ok && good.value.text, bad: !bad.ok && bad.error instanceof ProtocolFailure && bad.error.code }));
    `)).toEqual({ good: 'red shoes', bad: 'invalid' });

    // A deployment on the old path, with both packages installed: the server runs, in that process.
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarballs.get('widget')!], { cwd: app });
    const moved = await runServerCommand(app, 'node_modules/ai-discovery-widget/bin/ai-discovery-server.mjs');
    expect(moved.code, JSON.stringify(moved.lines)).toBe(0);
    expect(moved.lines[0]).toMatchObject({ level: 'warn', event: 'bin_moved' });
    expect(moved.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['listening', 'shutdown', 'stopped']));
  }, 120_000);
});
