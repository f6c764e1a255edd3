// 10. Build and start: scripts/build.mjs in a copy of the project (so the bench's own dist/ is left
// alone), per target, and `npm start` to its printed URL from an empty dist/ (cold) and again with
// nothing changed (warm) and after one edited source file. Wall times on a shared machine depend on
// the neighbours, so CPU time is given beside them, with the load average at each step.
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { table } from './lib/stats.mjs';

const run = promisify(execFile);
/** What a build and the demo read; node_modules is linked, not copied. */
const PROJECT = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'rollup.config.ts', 'build', 'scripts', 'src', 'adapters', 'examples', 'test/support'];
const START_TIMEOUT_MS = 240_000;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg()[0].toFixed(1);

/**
 * `npm start` with PORT=0: the time to its printed URL, and to the end of its second build step
 * (the second `targets built` line), after which it is stopped (its process group).
 */
async function timeStart(cwd) {
  const t0 = performance.now();
  let urlMs = NaN;
  const child = spawn('npm', ['start'], { cwd, env: { ...process.env, PORT: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  try {
    await new Promise((resolveStart, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no URL in ${s(START_TIMEOUT_MS)}`)), START_TIMEOUT_MS);
      child.stdout.on('data', (data) => {
        out += data;
        if (Number.isNaN(urlMs) && /demo store: http/.test(out)) urlMs = performance.now() - t0;
        if (!Number.isNaN(urlMs) && (out.match(/targets built in/g) ?? []).length >= 2) {
          clearTimeout(timer);
          resolveStart();
        }
      });
      child.stderr.on('data', (data) => { out += data; });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before printing its URL:\n${out.slice(-2000)}`));
      });
    });
  } finally {
    child.removeAllListeners('exit');
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const built = [...out.matchAll(/^build: (\S+): built/gm)].map((m) => m[1]);
  return { ms: urlMs, allMs: performance.now() - t0, built, load: load() };
}

export async function measureBuild() {
  const root = mkdtempSync(join(tmpdir(), 'aid-bench-build-'));
  try {
    for (const path of PROJECT) cpSync(path, join(root, path), { recursive: true });
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');

    // Everything, declarations included, from nothing: what each target costs.
    const fullLoad = load();
    const { stdout } = await run(process.execPath, ['scripts/build.mjs', '--json'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const full = JSON.parse(stdout.trim().split('\n').at(-1));
    rmSync(join(root, 'dist'), { recursive: true, force: true });

    const cold = await timeStart(root);
    const warm = await timeStart(root);
    appendFileSync(join(root, 'src/widget/widget.ts'), '\n// edited by the bench\n');
    const edited = await timeStart(root);

    const rows = full.targets.map((t) => [
      `\`${t.name}\``,
      s(t.bundleMs + t.writeMs),
      t.bundleCpuMs === undefined ? 'n/a' : s(t.bundleCpuMs + t.writeCpuMs),
      s(t.bundleMs),
      s(t.writeMs),
    ]);
    const cpuTotal = full.targets.reduce((sum, t) => sum + (t.bundleCpuMs ?? 0) + (t.writeCpuMs ?? 0), 0);
    const byCpu = [...full.targets].filter((t) => t.bundleCpuMs !== undefined).sort((a, b) => b.bundleCpuMs + b.writeCpuMs - (a.bundleCpuMs + a.writeCpuMs));
    const top = byCpu.slice(0, 3).map((t) => `\`${t.name}\` ${s(t.bundleCpuMs + t.writeCpuMs)}`).join(', ');
    const markdown = [
      `\`node scripts/build.mjs\` from an empty dist/ (load average ${fullLoad} at the start): ${s(full.totalMs)} wall, config loaded in ${s(full.configMs)}, peak RSS ${full.maxRssMB} MB. Per target (in build order; "bundle" is resolve, transpile and tree-shake, "write" is render, minify and the plugins' copying; the declarations are one TypeScript program, and the only step that type-checks):`,
      '',
      table(['target', 'wall', 'CPU', 'bundle (wall)', 'write (wall)'], rows),
      '',
      `Rollup targets' CPU: ${s(cpuTotal)} in all; the most: ${top}. Terser is most of the "write" half: the face chunk carries MediaPipe, and the Shopify embed's target also runs Vite for the React example's two bundles.`,
      '',
      '`npm start` builds the store page\'s targets (the launcher, the bundle and panel it fetches, chat server), prints the URL, then builds the rest in a second process while requests for those files and the platform stores wait (examples/serve.mjs):',
      '',
      table(['`npm start`', 'to the printed URL', 'to the end of the second build', 'load average after', 'targets built'], [
        ['cold: no dist/', s(cold.ms), s(cold.allMs), cold.load, `${cold.built.length}`],
        ['warm: nothing changed', s(warm.ms), s(warm.allMs), warm.load, warm.built.join(', ') || 'none'],
        ['after editing `src/widget/widget.ts`', s(edited.ms), s(edited.allMs), edited.load, edited.built.map((b) => `\`${b}\``).join(', ') || 'none'],
      ]),
    ].join('\n');
    return { full, cold, warm, edited, markdown };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
