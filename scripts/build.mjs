// `npm run build` and the build half of `npm start`: every Rollup config of rollup.config.ts in
// turn, in one process, skipping each target whose inputs are unchanged since its last build
// (dist/.build-stamp.json), then the type declarations (not for `npm start`).
//
//   node scripts/build.mjs                      everything stale, declarations included
//   node scripts/build.mjs --no-declarations    what `npm start` serves: the bundles only
//   node scripts/build.mjs --force              rebuild every target, stale or not
//   node scripts/build.mjs --only dist/esm,dist/server/index.js   only these targets
//   node scripts/build.mjs --json               a last line of JSON: each target's status and times
//
// A target is named by its first output (`output.file`, or `output.dir`). Targets run in the
// config's order, because later ones copy earlier ones' outputs (the platform packages ship the
// CDN and AMD bundles); a target that reads another's output lists it as an input, so it rebuilds
// when, and only when, those bytes change.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildTarget, targetName } from './build/target.mjs';
import { loadRollupConfig } from './build/load-config.mjs';
import { hashInputs, hashPath, projectInputs, readStamp, staleReason, writeStamp } from './build/stamp.mjs';

const DECLARATIONS = 'declarations';

const { values: args } = parseArgs({
  options: {
    'no-declarations': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
});

const root = args.root ?? fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const started = performance.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (line) => console.log(`build: ${line}`);

const { configs, hash: configHash } = await loadRollupConfig(root);
const configMs = performance.now() - started;
// Every target's key: the bundled config (rollup.config.ts, build/*.ts), the lock file and the
// build script's own parts.
const key = hashPath(root, 'package-lock.json') + configHash + Object.values(hashInputs(root, ['package.json', 'scripts'])).join('');

const only = args.only ? new Set(args.only.split(',').map((name) => name.trim())) : undefined;
const names = configs.map(targetName);
if (only) {
  const unknown = [...only].filter((name) => !names.includes(name) && name !== DECLARATIONS);
  if (unknown.length > 0) throw new Error(`build: no target named ${unknown.join(', ')}; the targets are ${[...names, DECLARATIONS].join(', ')}`);
}

const stamp = readStamp(root);
const report = [];
for (const [index, config] of configs.entries()) {
  const name = names[index];
  if (only && !only.has(name)) continue;
  const reason = args.force ? 'forced' : staleReason(root, key, stamp.targets[name]);
  if (!reason) {
    report.push({ name, status: 'fresh' });
    log(`${name}: fresh`);
    continue;
  }
  const result = await buildTarget(config);
  stamp.targets[name] = { key, inputs: hashInputs(root, projectInputs(root, result.watchFiles)), outputs: result.outputs };
  // Saved after each target, so an interrupted build keeps what it finished.
  writeStamp(root, stamp);
  const { bundleMs, writeMs, bundleCpuMs, writeCpuMs } = result;
  report.push({ name, status: 'built', reason, bundleMs, writeMs, bundleCpuMs, writeCpuMs });
  log(`${name}: built in ${seconds(bundleMs + writeMs)}, CPU ${seconds(bundleCpuMs + writeCpuMs)} (${reason}; bundle ${seconds(bundleMs)}, write ${seconds(writeMs)})`);
}

if (!args['no-declarations'] && (!only || only.has(DECLARATIONS))) {
  const reason = args.force ? 'forced' : staleReason(root, key, stamp.targets[DECLARATIONS]);
  if (reason) {
    const t0 = performance.now();
    // Loaded only here: the compiler is large, and `npm start` never needs it.
    const { writeDeclarations } = await import('./build/declarations.mjs');
    const { inputs, written } = writeDeclarations(root);
    stamp.targets[DECLARATIONS] = { key, inputs: hashInputs(root, projectInputs(root, inputs)), outputs: ['dist/types/index.d.ts', 'dist/react/index.d.ts'] };
    writeStamp(root, stamp);
    const ms = performance.now() - t0;
    report.push({ name: DECLARATIONS, status: 'built', reason, bundleMs: ms, writeMs: 0 });
    log(`${DECLARATIONS}: ${written.length} files in ${seconds(ms)} (${reason})`);
  } else {
    report.push({ name: DECLARATIONS, status: 'fresh' });
    log(`${DECLARATIONS}: fresh`);
  }
}

const totalMs = performance.now() - started;
const built = report.filter((r) => r.status === 'built').length;
log(`${built} of ${report.length} targets built in ${seconds(totalMs)} (config ${seconds(configMs)}, ${join('dist', '.build-stamp.json')})`);
if (args.json) {
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ configMs, totalMs, maxRssMB, targets: report }));
}
