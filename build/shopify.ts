import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import { PROTOCOL_DIST } from './protocol';
import { transpile } from './transpile';

/**
 * The Shopify artifacts, built after the core (scripts/build.mjs runs the configs in order):
 *  - dist/react/index.js: `ai-discovery-widget/react` (its .d.ts from scripts/build/declarations.mjs),
 *    importing the core from the package's own ESM build (`../esm/index.js`) so an app bundles one copy of it, React external;
 *  - dist/shopify/extension/: the theme app extension, ready for `shopify app deploy`, with the
 *    embed loader, the CDN bundle and its panel as flat assets;
 *  - dist/examples/shopify/: the React example's server entry and hydration bundle (Vite).
 */

const REACT_SRC = resolve('adapters/shopify/react');
const CORE_ENTRY = /[\\/]src[\\/]index(\.ts)?$/;
const EXTENSION = 'dist/shopify/extension';
/** Copied from the source as they are. */
const EXTENSION_PARTS = ['blocks', 'locales', 'shopify.extension.toml'];
/** The CDN bundle and panel, flat in the extension's assets. */
const CDN_FILES = ['ai-discovery.js', 'ai-discovery.panel.js'];

const minify = () => terser({ compress: { passes: 2, pure_getters: true }, format: { comments: false } });

/** The extension folder with its assets; Shopify wants assets flat, which the bundle's relative panel import suits. */
function themeExtension(): Plugin {
  return {
    name: 'theme-extension',
    buildStart() {
      // Inputs for scripts/build.mjs's stale check: what writeBundle copies.
      for (const part of EXTENSION_PARTS) this.addWatchFile(resolve('adapters/shopify/extension', part));
      for (const file of CDN_FILES) this.addWatchFile(resolve('dist/cdn', file));
    },
    writeBundle() {
      for (const part of EXTENSION_PARTS) {
        cpSync(join('adapters/shopify/extension', part), join(EXTENSION, part), { recursive: true });
      }
      for (const file of CDN_FILES) {
        // No source maps on a theme: the comment would only make devtools ask for a missing file.
        const code = readFileSync(join('dist/cdn', file), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
        writeFileSync(join(EXTENSION, 'assets', file), code);
      }
    },
  };
}

/**
 * The React example: Vite (Rollup with CommonJS and JSX support, which React's packages need)
 * builds a development bundle for hydration (so React reports any mismatch and StrictMode runs
 * effects twice) and a server entry that leaves React and the package to Node.
 */
function reactExample(): Plugin {
  return {
    name: 'react-example',
    buildStart() {
      // Inputs for scripts/build.mjs's stale check: the example's sources and the code it bundles
      // (the core's .js files, not their maps, which change with every comment, and the protocol
      // package's, which the core imports by name).
      for (const path of ['examples/shopify/app', 'dist/react/index.js']) this.addWatchFile(resolve(path));
      for (const dir of ['dist/esm', PROTOCOL_DIST]) {
        const code = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
        for (const file of code) this.addWatchFile(resolve(dir, file));
      }
    },
    async writeBundle() {
      const { build } = await import('vite');
      const app = resolve('examples/shopify/app');
      const common = {
        configFile: false as const,
        logLevel: 'warn' as const,
        publicDir: false as const,
        mode: 'development',
        esbuild: { jsx: 'automatic' as const, jsxImportSource: 'react' },
      };
      rmSync('dist/examples/shopify', { recursive: true, force: true });
      await build({
        ...common,
        define: { 'process.env.NODE_ENV': JSON.stringify('development') },
        resolve: { alias: [{ find: /^ai-discovery-widget\/react$/, replacement: resolve('dist/react/index.js') }] },
        build: {
          outDir: resolve('dist/examples/shopify/client'),
          emptyOutDir: true,
          minify: false,
          sourcemap: true,
          modulePreload: false,
          rollupOptions: {
            input: join(app, 'entry-client.jsx'),
            output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
            // dist/react/index.js starts with 'use client' for React Server Components hosts; a
            // plain client bundle has no use for it, and Rollup says so.
            onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning),
          },
        },
      });
      await build({
        ...common,
        build: {
          ssr: join(app, 'entry-server.jsx'),
          outDir: resolve('dist/examples/shopify/server'),
          emptyOutDir: true,
          minify: false,
          rollupOptions: { external: [/^react(-dom)?(\/|$)/, /^ai-discovery-widget(\/|$)/], output: { entryFileNames: '[name].js' } },
        },
      });
    },
  };
}

export const shopifyBuilds: RollupOptions[] = [
  {
    input: join(REACT_SRC, 'index.ts'),
    external: (id) => id === 'react' || CORE_ENTRY.test(id),
    plugins: [transpile()],
    output: {
      file: 'dist/react/index.js',
      format: 'es',
      sourcemap: true,
      // Next.js and other React Server Components hosts need the marker to render it on the client.
      banner: "'use client';",
      paths: (id) => (CORE_ENTRY.test(id) ? '../esm/index.js' : id),
    },
  },
  {
    input: 'adapters/shopify/embed/index.ts',
    plugins: [
      {
        name: 'clean-extension',
        buildStart() {
          rmSync(EXTENSION, { recursive: true, force: true });
          mkdirSync(join(EXTENSION, 'assets'), { recursive: true });
        },
      },
      transpile(),
      themeExtension(),
      reactExample(),
    ],
    output: { file: join(EXTENSION, 'assets/ai-discovery-embed.js'), format: 'iife', plugins: [minify()] },
  },
];

