import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transform, type TsconfigRaw } from 'esbuild';
import type { Plugin } from 'rollup';

/**
 * TypeScript to JavaScript, one file at a time, with esbuild: no type-checking here, because
 * `npm run typecheck` (and `npm test`, which runs it first) checks the whole project once, and the
 * declarations step of `npm run build` compiles it again. @rollup/plugin-typescript type-checked
 * the whole project in each of the eleven builds, which was most of their time (see BENCHMARKS.md,
 * "Build and start").
 */
export interface TranspileOptions {
  /**
   * The syntax level to lower to, as esbuild names it.
   * @default 'es2020' (tsconfig.json's target)
   */
  target?: string;
}

/** The compiler options esbuild reads from tsconfig.json (JSX, class fields, import elision). */
type CompilerOptions = NonNullable<TsconfigRaw['compilerOptions']>;

const TS_FILE = /\.(m?ts|tsx)$/;

/**
 * TypeScript's "Bundler" resolution for relative imports of our sources: `./x.js` names `./x.ts`,
 * and `./x` names `./x.ts` or `./x/index.ts`. Anything else is left to Rollup and its plugins.
 */
function candidates(path: string): string[] {
  if (/\.js$/.test(path)) return [path.replace(/\.js$/, '.ts'), path.replace(/\.js$/, '.tsx')];
  if (/\.mjs$/.test(path)) return [path.replace(/\.mjs$/, '.mts')];
  if (/\.(json|css|m?ts|tsx|cjs)$/.test(path)) return [];
  return [`${path}.ts`, `${path}.tsx`, `${path}/index.ts`, `${path}/index.tsx`];
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** Compiles our `.ts`/`.tsx` sources (never node_modules) for Rollup. */
export function transpile({ target = 'es2020' }: TranspileOptions = {}): Plugin {
  let compilerOptions: CompilerOptions = {};
  return {
    name: 'transpile-typescript',
    buildStart() {
      // Read per build, so an edited tsconfig.json takes effect in the next one.
      const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { compilerOptions?: CompilerOptions };
      // `target` only picks esbuild's class-field default; the output level is the option above.
      const { target: tsTarget, jsx, jsxImportSource, verbatimModuleSyntax, useDefineForClassFields } = tsconfig.compilerOptions ?? {};
      compilerOptions = { target: tsTarget, jsx, jsxImportSource, verbatimModuleSyntax, useDefineForClassFields };
    },
    resolveId(source, importer) {
      if (!importer || !TS_FILE.test(importer) || !source.startsWith('.')) return null;
      const base = resolve(dirname(importer), source);
      return candidates(base).find(isFile) ?? null;
    },
    async transform(code, id) {
      if (!TS_FILE.test(id) || id.endsWith('.d.ts') || /[\\/]node_modules[\\/]/.test(id)) return null;
      const result = await transform(code, {
        loader: id.endsWith('x') ? 'tsx' : 'ts',
        target,
        sourcefile: id,
        sourcemap: 'external',
        tsconfigRaw: { compilerOptions },
      });
      return { code: result.code, map: result.map };
    },
  };
}
