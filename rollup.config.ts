import { cpSync } from 'node:fs';
import { builtinModules } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import type { Plugin, RollupOptions } from 'rollup';

/**
 * Four artifacts from one source tree:
 *  - dist/esm: the core as ES modules for bundlers (dependencies left to the app's bundler);
 *  - dist/cdn/ai-discovery.js: everything in one minified IIFE with the global `AIDiscovery`;
 *  - dist/amd/ai-discovery.js: the same as an anonymous AMD module, for Magento's RequireJS;
 *  - dist/server: the Node chat server.
 * Type declarations come from `tsc -p tsconfig.build.json` (see the `build` script).
 */

const ts = () =>
  typescript({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, declaration: false, sourceMap: true }, include: ['src/**/*', 'adapters/**/*'], noEmitOnError: true });

const browserResolve = () => nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] });

const minify = () =>
  terser({ compress: { passes: 2, pure_getters: true }, mangle: { properties: false }, format: { comments: false } });

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The demo catalog's images sit beside the bundled server, where `DEMO_IMAGES_DIR` points. */
function copyCatalogImages(): Plugin {
  return {
    name: 'copy-catalog-images',
    writeBundle() {
      cpSync('src/server/catalog/images', 'dist/server/images', { recursive: true });
    },
  };
}

const config: RollupOptions[] = [
  {
    input: 'src/index.ts',
    external: (id) => /^(preact|socket\.io-client)(\/|$)/.test(id),
    plugins: [ts()],
    output: { dir: 'dist/esm', format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: 'src' },
  },
  {
    input: 'adapters/cdn/index.ts',
    plugins: [browserResolve(), ts()],
    output: [
      { file: 'dist/cdn/ai-discovery.js', format: 'iife', name: 'AIDiscovery', sourcemap: true, plugins: [minify()] },
      // Anonymous define(): Magento maps a module name to this file in requirejs-config.js.
      { file: 'dist/amd/ai-discovery.js', format: 'amd', sourcemap: true, plugins: [minify()] },
    ],
  },
  {
    input: 'src/server/index.ts',
    external: (id) => nodeBuiltins.has(id) || /^(socket\.io|@socket\.io)(\/|$)/.test(id),
    plugins: [ts(), copyCatalogImages()],
    output: { file: 'dist/server/index.js', format: 'es', sourcemap: true },
  },
];

export default config;
