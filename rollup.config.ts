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
 *  - ai-discovery.panel.js beside both: the chat panel, loaded when idle or when first opened;
 *  - dist/server: the Node chat server.
 * Type declarations come from `tsc -p tsconfig.build.json` (see the `build` script).
 */

const ts = () =>
  typescript({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, declaration: false, sourceMap: true }, include: ['src/**/*', 'adapters/**/*'], noEmitOnError: false });

const browserResolve = () => nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] });

const minify = () =>
  terser({ compress: { passes: 2, pure_getters: true }, mangle: { properties: false }, format: { comments: false } });

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * The script-tag and AMD builds are single files, so the panel becomes a file of its own beside
 * them, fetched by a native `import()`. In a classic script that resolves against the script's own
 * URL, so it works from any CDN path without configuration.
 */
const PANEL_FILE = './ai-discovery.panel.js';
function panelBesideBundle(): Plugin {
  return {
    name: 'panel-beside-bundle',
    resolveDynamicImport(specifier) {
      return typeof specifier === 'string' && /ui\/panel\/index$/.test(specifier) ? { id: PANEL_FILE, external: true } : null;
    },
    renderDynamicImport({ targetModuleId }) {
      // Native import() in the AMD build too: RequireJS cannot load an ES module.
      return targetModuleId === PANEL_FILE ? { left: 'import(', right: ')' } : null;
    },
  };
}

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
    plugins: [panelBesideBundle(), browserResolve(), ts()],
    output: [
      { file: 'dist/cdn/ai-discovery.js', format: 'iife', name: 'AIDiscovery', sourcemap: true, plugins: [minify()] },
      // Anonymous define(): Magento maps a module name to this file in requirejs-config.js.
      { file: 'dist/amd/ai-discovery.js', format: 'amd', sourcemap: true, plugins: [minify()] },
    ],
  },
  {
    // The panel for the single-file builds: an ES module with its own copy of Preact (the launcher
    // in the main file is plain DOM, so nothing is shared and nothing is loaded twice).
    input: 'src/ui/panel/index.ts',
    plugins: [browserResolve(), ts()],
    output: [
      { file: 'dist/cdn/ai-discovery.panel.js', format: 'es', sourcemap: true, plugins: [minify()] },
      { file: 'dist/amd/ai-discovery.panel.js', format: 'es', sourcemap: true, plugins: [minify()] },
    ],
  },
  {
    input: 'src/server/index.ts',
    external: (id) => nodeBuiltins.has(id) || /^(socket\.io|@socket\.io|@redis)(\/|$)/.test(id),
    plugins: [ts(), copyCatalogImages()],
    output: { file: 'dist/server/index.js', format: 'es', sourcemap: true },
  },
];

export default config;
