import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import type { Plugin, RollupOptions } from 'rollup';

/**
 * The Shopify artifacts, built after the core (rollup runs the configs in order):
 *  - dist/react/index.js (+ .d.ts): `ai-discovery-widget/react`, importing the core from the
 *    package's own ESM build (`../esm/index.js`) so an app bundles one copy of it, React external;
 *  - dist/shopify/extension/: the theme app extension, ready for `shopify app deploy`, with the
 *    embed loader, the CDN bundle and its panel as flat assets;
 *  - dist/examples/shopify/: the React example's server entry and hydration bundle (Vite).
 */

const ROOT = resolve('.');
const REACT_SRC = resolve('adapters/shopify/react');
const CORE_ENTRY = /[\\/]src[\\/]index(\.ts)?$/;
const EXTENSION = 'dist/shopify/extension';

const ts = (sourceMap: boolean) =>
  typescript({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, declaration: false, sourceMap }, include: ['src/**/*', 'adapters/**/*'], noEmitOnError: false });

const minify = () => terser({ compress: { passes: 2, pure_getters: true }, format: { comments: false } });

/**
 * Declarations for dist/react/, from the TypeScript compiler. Imports of the core point at the
 * package's own declarations (dist/types, written by `tsc -p tsconfig.build.json` after rollup),
 * and relative imports get the `.js` extension that Node-style resolution asks of ES modules.
 */
function reactDeclarations(): Plugin {
  return {
    name: 'react-declarations',
    async writeBundle() {
      const { default: tsc } = await import('typescript');
      const parsed = tsc.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...tsc.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
      if (!parsed) throw new Error('shopify build: cannot read tsconfig.json');
      const options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: resolve('dist/.react-types'), rootDir: ROOT };
      const program = tsc.createProgram([join(REACT_SRC, 'index.ts')], options);
      const written: string[] = [];
      const result = program.emit(undefined, (fileName, text) => {
        const source = resolve(ROOT, relative(options.outDir, fileName));
        if (!source.startsWith(REACT_SRC + sep)) return;
        const rewritten = text
          .replace(/(['"])(?:\.\.\/){3}src\/([^'"]*)\1/g, (_, q: string, path: string) => `${q}../types/${path}.js${q}`)
          .replace(/(['"])(\.\/[^'"]+?)(?<!\.js)\1/g, '$1$2.js$1');
        writeFileSync(join('dist/react', basename(fileName)), rewritten);
        written.push(basename(fileName));
      });
      const errors = result.diagnostics.map((d) => tsc.flattenDiagnosticMessageText(d.messageText, '\n'));
      if (errors.length > 0 || !written.includes('index.d.ts')) throw new Error(`shopify build: declarations failed\n${errors.join('\n')}`);
    },
  };
}

/** The extension folder with its assets; Shopify wants assets flat, which the bundle's relative panel import suits. */
function themeExtension(): Plugin {
  return {
    name: 'theme-extension',
    writeBundle() {
      for (const part of ['blocks', 'locales', 'shopify.extension.toml']) {
        cpSync(join('adapters/shopify/extension', part), join(EXTENSION, part), { recursive: true });
      }
      for (const file of ['ai-discovery.js', 'ai-discovery.panel.js']) {
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
    plugins: [ts(true), reactDeclarations()],
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
      ts(false),
      themeExtension(),
      reactExample(),
    ],
    output: { file: join(EXTENSION, 'assets/ai-discovery-embed.js'), format: 'iife', plugins: [minify()] },
  },
];

