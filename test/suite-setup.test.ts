import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';

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
});
