// One Rollup config built and written, timed in its two halves: `bundle` (resolve, load,
// transpile, tree-shake) and `write` (render, minify, the plugins' copying in writeBundle).
import { dirname, join } from 'node:path';
import { rollup } from 'rollup';

const outputsOf = (config) => (Array.isArray(config.output) ? config.output : config.output ? [config.output] : []);

/** A target's name: its first output's file or folder, e.g. `dist/cdn/ai-discovery.js`. */
export function targetName(config) {
  const [first] = outputsOf(config);
  const name = first?.file ?? first?.dir;
  if (!name) throw new Error('build: every Rollup config needs an output.file or output.dir, which names its target');
  return name;
}

/**
 * Builds `config` and writes each of its outputs. Resolves with the files written, the files the
 * build read (Rollup's watch files: the module graph and what plugins added with addWatchFile)
 * and the time of each half.
 */
export async function buildTarget(config) {
  // CPU time as well as wall time: on a shared machine the wall time says more about the
  // neighbours than about the build. process.cpuUsage counts every thread (terser's workers too).
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const bundle = await rollup(config);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage(cpu0);
  const outputs = [];
  const { watchFiles } = bundle;
  try {
    for (const output of outputsOf(config)) {
      const { output: files } = await bundle.write(output);
      const dir = output.dir ?? dirname(output.file);
      for (const file of files) outputs.push(join(dir, file.fileName).split('\\').join('/'));
    }
  } finally {
    await bundle.close();
  }
  const cpu2 = process.cpuUsage(cpu0);
  const cpuMs = (usage) => (usage.user + usage.system) / 1000;
  return {
    outputs,
    watchFiles,
    bundleMs: t1 - t0,
    writeMs: performance.now() - t1,
    bundleCpuMs: cpuMs(cpu1),
    writeCpuMs: cpuMs(cpu2) - cpuMs(cpu1),
  };
}
