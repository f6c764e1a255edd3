// Loads rollup.config.ts without type-checking it: esbuild bundles the config and its build/*.ts
// parts (packages stay imports) into one ES module under node_modules/.cache, which Node imports.
// `rollup --configPlugin typescript` type-checked the whole project just to read the config.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Resolves with the config array and the hash of the bundled config text: a change to the config,
 * to any build/*.ts part or to what they import from our tree changes it, and with it every
 * target's stamp.
 */
export async function loadRollupConfig(root, entry = 'rollup.config.ts') {
  const result = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].text;
  const hash = createHash('sha256').update(code).digest('hex');
  // Inside node_modules, so the config's bare imports resolve from the project's packages; named
  // by content, so a stale file can never be imported for a changed config.
  const dir = join(root, 'node_modules/.cache/ai-discovery-build');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `rollup.config.${hash.slice(0, 16)}.mjs`);
  for (const old of readdirSync(dir)) if (join(dir, old) !== file) rmSync(join(dir, old), { force: true });
  writeFileSync(file, code);
  const module = await import(pathToFileURL(file).href);
  const config = typeof module.default === 'function' ? await module.default({}) : module.default;
  return { configs: Array.isArray(config) ? config : [config], hash };
}
