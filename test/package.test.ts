import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ts from 'typescript';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/** The package as consumers get it: the built files behind package.json's exports. */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  sideEffects: boolean;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

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

  it('its declarations type-check for an app on nodenext resolution, where every relative import needs its extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aid-nodenext-'));
    try {
      mkdirSync(join(dir, 'node_modules'), { recursive: true });
      symlinkSync(resolve('.'), join(dir, 'node_modules/ai-discovery-widget'), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      const app = join(dir, 'app.ts');
      writeFileSync(app, `
import { AIDiscoveryWidget, type ChatResponse, type WidgetOptions } from 'ai-discovery-widget';
import { createChatServer, catalogResponder } from 'ai-discovery-widget/server';
const options: WidgetOptions = { socketUrl: 'https://chat.example.com', position: 'left', storage: 'auto' };
const widget = new AIDiscoveryWidget(options);
widget.on('response', (r: ChatResponse) => r.ephemeral);
export const server = () => createChatServer({ port: 0, respond: catalogResponder() });
// @ts-expect-error position is 'right' or 'left'
export const wrong: WidgetOptions = { position: 'top' };
`);
      const program = ts.createProgram([app], {
        strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: false,
        typeRoots: [resolve('node_modules/@types')],
      });
      const errors = ts.getPreEmitDiagnostics(program)
        .filter((d) => d.file === undefined || !d.file.fileName.includes('/node_modules/ai-discovery-widget/node_modules/'))
        .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
