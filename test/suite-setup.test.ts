import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaseSequencer, createVitest, type TestSequencerConstructor } from 'vitest/node';
import { fileMarks } from './support/environment-sequencer';

// Guards vitest.config.ts: its projects split the files by folder, and a test file that no project
// collects would silently stop running (a `git ls-files` count would not notice either).

const ROOT = resolve(import.meta.dirname, '..');

/** Every test file under test/, as the config means to find them: today's and the ones to come. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

describe('the suite', () => {
  it('collects every test file under test/ in exactly one project', async () => {
    const vitest = await createVitest('test', { watch: false, config: join(ROOT, 'vitest.config.ts'), reporters: [] });
    try {
      const specs = await vitest.globTestSpecifications();
      const collected = specs.map((spec) => relative(ROOT, spec.moduleId)).sort();
      expect(collected).toEqual(testFiles(join(ROOT, 'test')).sort());
      const projects = new Set(specs.map((spec) => spec.project.name));
      expect([...projects].sort()).toEqual(['browser', 'node']);
    } finally {
      await vitest.close();
    }
  });

  it('queues each project\'s files by environment, so that a worker moves on to the next file instead of restarting, and starts the marked waiting file first', async () => {
    const vitest = await createVitest('test', { watch: false, config: join(ROOT, 'vitest.config.ts'), reporters: [] });
    try {
      const specs = await vitest.globTestSpecifications();
      const Sequencer = vitest.config.sequence.sequencer as TestSequencerConstructor;
      const queued = await new Sequencer(vitest).sort(specs);
      const base = await new BaseSequencer(vitest).sort(specs);
      const groupOf = (spec: (typeof specs)[number]) => `${spec.project.name} ${fileMarks(spec).environment}`;
      const runs = (order: typeof specs) => order.map(groupOf).filter((key, i, all) => key !== all[i - 1]);
      const groups = new Set(specs.map(groupOf));
      expect([...groups].sort()).toEqual(['browser jsdom', 'browser node', 'node jsdom', 'node node']);
      // One run of files per project and environment: a worker restarts only where a run ends.
      expect(runs(queued)).toHaveLength(groups.size);
      const ids = (order: typeof specs) => order.map((spec) => `${spec.project.name} ${spec.moduleId}`).sort();
      expect(ids(queued)).toEqual(ids(specs));
      // Vitest's own order spreads the jsdom files among the rest (by size on a fresh clone).
      expect(runs(base).length).toBeGreaterThan(groups.size);
      // The chaos test, marked, leads the queue.
      expect(relative(ROOT, queued[0]!.moduleId)).toBe(join('test', 'delivery', 'chaos.test.ts'));
      expect(queued.filter((spec) => fileMarks(spec).startsFirst)).toEqual([queued[0]]);
      // Inside a run, vitest's order stands, the marked file aside.
      for (const group of groups) {
        const unmarked = (order: typeof specs) => order.filter((spec) => groupOf(spec) === group && !fileMarks(spec).startsFirst);
        expect(unmarked(queued)).toEqual(unmarked(base));
      }
    } finally {
      await vitest.close();
    }
  });
});
