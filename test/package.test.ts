import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { stagePackage } from '../packages/pack.mjs';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  workspaces?: string[];
  exports: Record<string, string | Record<string, string>>;
  sideEffects: boolean;
  files?: string[];
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * The root: private, the workspaces' one install, and the development view of the packages (its
 * exports resolve the built files by self-reference for the tests, the demo and the bin).
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
/** The published packages, as packages/pack.mjs stages them from dist/. */
const published = Object.fromEntries(['widget', 'server', 'protocol'].map((name) => [
  name, JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8')) as Manifest,
])) as Record<'widget' | 'server' | 'protocol', Manifest>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('package shape', () => {
  it('every export points at a built file, with types listed first', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') {
        expect(existsSync(target), `${entry} -> ${target}`).toBe(true);
        continue;
      }
      expect(Object.keys(target)[0], `${entry} lists types first`).toBe('types');
      for (const file of Object.values(target)) expect(existsSync(file), `${entry} -> ${file}`).toBe(true);
    }
    expect(Object.keys(pkg.exports)).toEqual(['.', './server', './react', './package.json']);
    expect(pkg.sideEffects).toBe(false);
  });

  it('pins every dependency to an exact version', () => {
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('the root is private, one install for three workspaces whose dependencies are the root\'s own pins', () => {
    expect(pkg.private).toBe(true);
    expect(pkg.workspaces).toEqual(['packages/*']);
    expect(pkg.files).toBeUndefined();
    for (const [folder, manifest] of Object.entries(published)) {
      for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
        // A sibling package: the one version all three share.
        if (name === 'ai-discovery-protocol') {
          expect(version, `${folder}: ${name}`).toBe(pkg.version);
          continue;
        }
        // The same version as the root, or npm installs a second copy under the workspace.
        expect(version, `${folder}: ${name}`).toBe(pkg.dependencies?.[name]);
      }
      expect(manifest.private, folder).toBeUndefined();
      // One version: the build writes the root's into the bundles' paths and the platform packages.
      expect(manifest.version, folder).toBe(pkg.version);
    }
    expect(published.widget.name).toBe('ai-discovery-widget');
    expect(Object.keys(published.widget.dependencies ?? {}).sort()).toEqual(['@mediapipe/tasks-vision', 'ai-discovery-protocol', 'preact', 'socket.io-client']);
    expect(published.server.name).toBe('ai-discovery-server');
    expect(Object.keys(published.server.dependencies ?? {}).sort()).toEqual(
      ['@redis/client', '@socket.io/redis-streams-adapter', 'ai-discovery-protocol', 'bcryptjs', 'csv-parse', 'fast-xml-parser', 'minisearch', 'socket.io', 'stemmer', 'web-push'],
    );
    expect(published.server.bin).toEqual({ 'ai-discovery-server': 'bin/ai-discovery-server.mjs' });
    expect(published.protocol.name).toBe('ai-discovery-protocol');
    expect(published.protocol.dependencies).toBeUndefined();
  });

  it('each published package is ESM only, types listed first, and never side-effecting on import', () => {
    expect(Object.keys(published.widget.exports)).toEqual(['.', './react', './package.json']);
    expect(Object.keys(published.server.exports)).toEqual(['.', './package.json']);
    expect(Object.keys(published.protocol.exports)).toEqual(['.', './package.json']);
    for (const [folder, manifest] of Object.entries(published)) {
      for (const [entry, target] of Object.entries(manifest.exports)) {
        if (typeof target === 'string') continue;
        // No require or default condition: a CommonJS require() fails clearly (README: ESM only).
        expect(Object.keys(target), `${folder} ${entry}`).toEqual(['types', 'import']);
      }
      expect(manifest.sideEffects, folder).toBe(false);
    }
  });

  it('both entries import by package name in plain Node', () => {
    const script = `
      const core = await import('ai-discovery-widget');
      const server = await import('ai-discovery-widget/server');
      console.log(JSON.stringify({ core: typeof core.AIDiscoveryWidget, error: typeof core.WidgetError, server: typeof server.createChatServer }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ core: 'function', error: 'function', server: 'function' });
  });

  it('ai-discovery-widget/react imports by package name in plain Node and renders on the server', () => {
    const script = `
      const { createElement } = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { AIDiscoveryWidget, useAIDiscovery } = await import('ai-discovery-widget/react');
      const Status = () => createElement('b', null, useAIDiscovery().status);
      const html = renderToString(createElement(AIDiscoveryWidget, { socketUrl: 'https://chat.example.com' }, createElement(Status)));
      console.log(JSON.stringify({ html, window: typeof window, document: typeof document }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ html: '<b>idle</b>', window: 'undefined', document: 'undefined' });
  });

  it('the CDN bundle defines one global and starts nothing without a page', () => {
    const sandbox: Record<string, unknown> = {};
    runInNewContext(readFileSync('dist/cdn/ai-discovery.js', 'utf8'), sandbox);
    expect(Object.keys(sandbox)).toEqual(['AIDiscovery']);
    const api = sandbox.AIDiscovery as Record<string, unknown>;
    expect(typeof api.init).toBe('function');
    expect(typeof api.AIDiscoveryWidget).toBe('function');
    expect(existsSync('dist/cdn/ai-discovery.js.map')).toBe(true);
  });

  it('the AMD build is one anonymous define() exporting the same API', () => {
    const calls: unknown[][] = [];
    runInNewContext(readFileSync('dist/amd/ai-discovery.js', 'utf8'), {
      define: Object.assign((...args: unknown[]) => calls.push(args), { amd: {} }),
    });
    expect(calls).toHaveLength(1);
    const [deps, factory] = calls[0] as [string[], (...modules: unknown[]) => void];
    // Only RequireJS's built-in pseudo-modules: nothing for a Magento config to map.
    expect(deps.every((d) => d === 'require' || d === 'exports')).toBe(true);
    const exports: Record<string, unknown> = {};
    factory(...deps.map((d) => (d === 'exports' ? exports : () => {})));
    expect(typeof exports.init).toBe('function');
    expect(typeof exports.AIDiscoveryWidget).toBe('function');
  });

  it('keeps the architecture: no browser code imports the server, the UI never imports socket.io-client', () => {
    const browserFiles = files('src').filter((f) => /\.tsx?$/.test(f) && !f.startsWith(join('src', 'server')));
    for (const file of browserFiles) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/from '[./]*\/server/);
      if (file.startsWith(join('src', 'ui'))) expect(source, file).not.toMatch(/from 'socket\.io-client'/);
    }
    // The browser bundles carry no Node server code.
    expect(readFileSync('dist/cdn/ai-discovery.js', 'utf8')).not.toMatch(/createChatServer|node:http/);
  });

  // Three packages staged and one program type-checked: some 25 s on a busy two-core machine.
  it('the published declarations type-check for an app on nodenext resolution, where every relative import needs its extension', async () => {
    // Inside the root's node_modules, so that the packages' own dependencies (preact,
    // socket.io-client, socket.io...) resolve from there as they would from an app's.
    const dir = mkdtempSync(join(resolve('node_modules'), '.aid-nodenext-'));
    try {
      await stagePackage('widget', join(dir, 'node_modules/ai-discovery-widget'));
      await stagePackage('server', join(dir, 'node_modules/ai-discovery-server'));
      // As published, with its declarations: the workspace link holds only the built modules.
      await stagePackage('protocol', join(dir, 'node_modules/ai-discovery-protocol'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      const app = join(dir, 'app.ts');
      writeFileSync(app, `
import { AIDiscoveryWidget, type ChatResponse, type WidgetOptions } from 'ai-discovery-widget';
import { createChatServer, catalogResponder } from 'ai-discovery-server';
const options: WidgetOptions = { socketUrl: 'https://chat.example.com', position: 'left', storage: 'auto' };
const widget = new AIDiscoveryWidget(options);
widget.on('response', (r: ChatResponse) => r.ephemeral);
export const server = () => createChatServer({ port: 0, respond: catalogResponder() });
// @ts-expect-error position is 'right' or 'left'
export const wrong: WidgetOptions = { position: 'top' };
// The hand-off extension, typed for a third-party server or client from the protocol's entry.
import { parseHandoffState, type HandoffState } from 'ai-discovery-protocol';
export const handoff = (input: unknown): HandoffState['mode'] | undefined => { const read = parseHandoffState(input); return read.ok ? read.value.mode : undefined; };
// @ts-expect-error the mode is 'assistant', 'waiting' or 'operator'
export const wrongMode: HandoffState['mode'] = 'robot';
`);
      const program = ts.createProgram([app], {
        strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: false,
        typeRoots: [resolve('node_modules/@types')],
      });
      // The diagnostics of the app and the packages' declarations only: the same list as
      // getPreEmitDiagnostics() filtered to `dir`, without type-checking the bodies of every
      // library (@types/node, the DOM lib, socket.io...) whose errors were filtered out anyway.
      const own = program.getSourceFiles().filter((file) => file.fileName.startsWith(dir));
      const errors = [
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...own.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
      ]
        .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
        .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A TypeScript program over the packages and their dependencies' types: seconds of CPU that
    // block the worker, so on a busy machine its wall time is not bounded by the default 30 s.
  }, 120_000);
});
