import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * scripts/build.mjs in a copy of the project: it rebuilds a target when, and only when, something
 * it was built from changed. Two small targets keep it quick: the ESM core (src/) and the React
 * adapter (adapters/shopify/react, which leaves the core to dist/esm and so never reads src/).
 */
const ESM = 'dist/esm';
const REACT = 'dist/react/index.js';
/** The first target of a build, written outside dist/. */
const PROTOCOL = 'packages/protocol/dist';
/** What the build reads from the project; node_modules is linked, not copied. */
const PROJECT = ['package.json', 'package-lock.json', 'tsconfig.json', 'rollup.config.ts', 'build', 'scripts', 'src', 'adapters', 'test/support'];

interface Summary {
  targets: { name: string; status: 'built' | 'fresh'; reason?: string }[];
}

const run = promisify(execFile);
/** A few builds per test, each seconds of CPU: room for a busy two-core machine (a hang guard, not a speed check). */
const TIMEOUT_MS = 240_000;
let root = '';

async function build(...args: string[]): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, ['scripts/build.mjs', '--no-declarations', '--only', `${ESM},${REACT}`, '--json', ...args], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary;
  return Object.fromEntries(summary.targets.map((t) => [t.name, t.status === 'built' ? `built: ${t.reason}` : 'fresh']));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aid-build-'));
  for (const path of PROJECT) cpSync(path, join(root, path), { recursive: true });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
});

describe('the build script rebuilds only what is stale', () => {
  it('starts from a fresh clone, without dist/, even when its first target writes elsewhere', async () => {
    // The protocol package builds first, into packages/protocol/dist: the stamp in dist/ must still be saved.
    expect(existsSync(join(root, 'dist'))).toBe(false);
    const { stdout } = await run(process.execPath, ['scripts/build.mjs', '--no-declarations', '--only', PROTOCOL, '--json'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary;
    expect(summary.targets.map((t) => [t.name, t.status])).toEqual([[PROTOCOL, 'built']]);
    expect(existsSync(join(root, 'dist/.build-stamp.json'))).toBe(true);
  }, TIMEOUT_MS);

  it('builds each target once, then nothing while the tree is unchanged', async () => {
    expect(await build()).toEqual({ [ESM]: 'built: never built', [REACT]: 'built: never built' });
    expect(existsSync(join(root, 'dist/esm/index.js'))).toBe(true);
    expect(await build()).toEqual({ [ESM]: 'fresh', [REACT]: 'fresh' });
  }, TIMEOUT_MS);

  it('a changed source rebuilds the target whose module graph holds it, and only that one', async () => {
    appendFileSync(join(root, 'src/widget/widget.ts'), '\n// edited\n');
    expect(await build()).toEqual({ [ESM]: 'built: src/widget/widget.ts changed', [REACT]: 'fresh' });
    appendFileSync(join(root, 'adapters/shopify/react/index.ts'), '\n// edited\n');
    expect(await build()).toEqual({ [ESM]: 'fresh', [REACT]: 'built: adapters/shopify/react/index.ts changed' });
  }, TIMEOUT_MS);

  it('a missing output, a changed lock file or --force rebuilds', async () => {
    rmSync(join(root, 'dist/esm/index.js'));
    expect(await build()).toEqual({ [ESM]: 'built: dist/esm/index.js is missing', [REACT]: 'fresh' });
    appendFileSync(join(root, 'package-lock.json'), '\n');
    const changed = 'built: the build config, scripts/, package.json or package-lock.json changed';
    expect(await build()).toEqual({ [ESM]: changed, [REACT]: changed });
    expect(await build('--force')).toEqual({ [ESM]: 'built: forced', [REACT]: 'built: forced' });
    expect(await build()).toEqual({ [ESM]: 'fresh', [REACT]: 'fresh' });
  }, TIMEOUT_MS);
});
