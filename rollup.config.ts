import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import { faceBuilds, npmFaceDefaults } from './build/face';
import { inboxPushBuilds } from './build/inbox-push';
import { inboxBuilds } from './build/inbox';
import { magentoBuilds } from './build/magento';
import { minifyOnce } from './build/minify-once';
import { protocolAsPackage, protocolBuild } from './build/protocol';
import { shopifyBuilds } from './build/shopify';
import { transpile } from './build/transpile';
import { woocommerceBuilds } from './build/woocommerce';

/**
 * Four artifacts from one source tree:
 *  - dist/esm: the core as ES modules for bundlers (dependencies, the protocol package among them,
 *    left to the app's bundler);
 *  - dist/cdn/ai-discovery.js: everything in one minified IIFE with the global `AIDiscovery`;
 *  - dist/amd/ai-discovery.js: the same as an anonymous AMD module, for Magento's RequireJS;
 *  - ai-discovery.panel.js beside both: the chat panel, loaded when idle or when first opened;
 *  - dist/cdn/loader.js: the async loader snippet, dist/cdn/<version>/ (the bundle and panel under
 *    a name that never changes content) and dist/cdn/sri.json (their integrity hashes);
 *  - dist/server: the Node chat server;
 *  - packages/protocol/dist: the wire protocol, which dist/esm and dist/server import by name.
 * scripts/build.mjs builds these configs in order, each a target named by its first output, and
 * skips a target whose inputs are unchanged; type declarations come from scripts/build/declarations.mjs.
 * To add a bundle, add a config with an output.file (or output.dir); a plugin that copies files it
 * does not import lists them with this.addWatchFile in buildStart, so that they count as inputs.
 */

// 'production' named here, or the resolver picks 'development' whenever NODE_ENV is set to anything
// else (vitest's 'test', a shell's 'development'), and socket.io's debug builds, which do not bundle.
const browserResolve = () => nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default', 'production'] });

const minify = () =>
  terser({ compress: { passes: 2, pure_getters: true }, mangle: { properties: false }, format: { comments: false } });

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * The script-tag and AMD builds are single files, so the panel becomes a file of its own beside
 * them, fetched by a native `import()`. In a classic script that resolves against the script's own
 * URL, so it works from any CDN path without configuration.
 */
const PANEL_FILE = './ai-discovery.panel.js';
/** Face analysis (build/face.ts), imported the same way once the shopper consents. */
const FACE_FILE = './ai-discovery.face.js';
/** Talking to a person (src/widget/handoff-runtime.ts), imported once the chat server speaks the hand-off extension. */
const HANDOFF_FILE = './ai-discovery.handoff.js';
function panelBesideBundle(): Plugin {
  return {
    name: 'panel-beside-bundle',
    resolveDynamicImport(specifier) {
      if (typeof specifier !== 'string') return null;
      if (/ui\/panel\/index$/.test(specifier)) return { id: PANEL_FILE, external: true };
      if (/widget\/handoff-runtime$|^\.\/handoff-runtime$/.test(specifier)) return { id: HANDOFF_FILE, external: true };
      return /face\/index$/.test(specifier) ? { id: FACE_FILE, external: true } : null;
    },
    renderDynamicImport({ targetModuleId }) {
      // Native import() in the AMD build too: RequireJS cannot load an ES module.
      return targetModuleId === PANEL_FILE || targetModuleId === FACE_FILE || targetModuleId === HANDOFF_FILE ? { left: 'import(', right: ')' } : null;
    },
  };
}

/**
 * A folder that mirrors the module graph file by file (dist/esm) is emptied before it is written: a
 * module that left the graph (the protocol, now a package of its own) must leave the folder too, or
 * the widget's package would still ship it. Not before the bundle: a failed build keeps the last.
 */
function emptiedFirst(dir: string): Plugin {
  return {
    name: 'emptied-first',
    renderStart() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo catalog (its data file, store policies and images) sits beside the bundled server, where
 * `DEMO_DIR` points, so the same relative paths hold from source and from dist.
 */
function copyCatalogImages(): Plugin {
  return {
    name: 'copy-catalog-images',
    buildStart() {
      this.addWatchFile(resolve('src/server/catalog/demo'));
    },
    writeBundle() {
      cpSync('src/server/catalog/demo/images', 'dist/server/images', { recursive: true });
      for (const file of ['demo-catalog.json', 'demo-faq.json']) cpSync(`src/server/catalog/demo/${file}`, `dist/server/${file}`);
    },
  };
}

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const CDN = 'dist/cdn';
/** Shipped as they are and, with their maps, copied into the versioned folder. */
const CDN_FILES = ['ai-discovery.js', 'ai-discovery.panel.js', 'ai-discovery.handoff.js'];

export function sri(content: Buffer): string {
  return `sha384-${createHash('sha384').update(content).digest('base64')}`;
}

/**
 * Runs with the loader's build, after the bundle and panel are written (scripts/build.mjs builds
 * the configs in order). A versioned folder keeps the bundle's fixed relative import of its panel pointing at
 * the panel of the same release; the loader embeds that bundle's path and hash; sri.json lists
 * every shipped CDN script.
 */
function cdnRelease(): Plugin {
  return {
    name: 'cdn-release',
    buildStart() {
      // Inputs of this target for scripts/build.mjs: it rebuilds when the bundle or panel changes.
      for (const file of CDN_FILES.flatMap((f) => [f, `${f}.map`])) this.addWatchFile(resolve(CDN, file));
      mkdirSync(`${CDN}/${VERSION}`, { recursive: true });
      for (const file of CDN_FILES.flatMap((f) => [f, `${f}.map`])) cpSync(`${CDN}/${file}`, `${CDN}/${VERSION}/${file}`);
    },
    load(id) {
      if (!/[\\/]adapters[\\/]cdn[\\/]build-info\.ts$/.test(id)) return null;
      const path = `${VERSION}/ai-discovery.js`;
      const integrity = sri(readFileSync(`${CDN}/${path}`));
      return `export const BUNDLE_PATH = ${JSON.stringify(path)};\nexport const BUNDLE_INTEGRITY = ${JSON.stringify(integrity)};\n`;
    },
    writeBundle() {
      const shipped = ['loader.js', ...CDN_FILES, ...CDN_FILES.map((f) => `${VERSION}/${f}`)];
      // Entries of later targets (the face chunk's) stay while their files do, in their place: a
      // rebuilt loader then leaves sri.json as it was, and the face target, which reads it, fresh.
      const path = `${CDN}/sri.json`;
      const hashes = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
      for (const file of Object.keys(hashes)) if (!existsSync(`${CDN}/${file}`)) delete hashes[file];
      for (const file of shipped) hashes[file] = sri(readFileSync(`${CDN}/${file}`));
      writeFileSync(path, `${JSON.stringify(hashes, null, 2)}\n`);
    },
  };
}

/** One minifier for both copies of the panel, which are the same ES module: minified once. */
const panelMinify = minifyOnce(minify());
const handoffMinify = minifyOnce(minify());

const config: RollupOptions[] = [
  // First: the widget's ES modules and the server's bundle import it by the package's name, and the
  // React example (build/shopify.ts) bundles it from there.
  protocolBuild,
  {
    input: 'src/index.ts',
    // The face chunk's MediaPipe, like Preact and socket.io-client, is left to the app's bundler;
    // so is the protocol, which an app that also installs it (or the server) then holds once.
    external: (id) => /^(preact|socket\.io-client|@mediapipe\/tasks-vision)(\/|$)/.test(id),
    plugins: [emptiedFirst('dist/esm'), protocolAsPackage("the widget's ES modules"), npmFaceDefaults(), transpile()],
    output: { dir: 'dist/esm', format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: 'src' },
  },
  {
    // No exports: the entry installs the `AIDiscovery` global itself, so that a second copy of the
    // bundle can leave the first one's global (and widget) alone. An IIFE has no define() at all.
    input: 'adapters/cdn/script-tag.ts',
    plugins: [panelBesideBundle(), browserResolve(), transpile()],
    output: { file: 'dist/cdn/ai-discovery.js', format: 'iife', sourcemap: true, inlineDynamicImports: true, plugins: [minify()] },
  },
  {
    input: 'adapters/cdn/index.ts',
    plugins: [panelBesideBundle(), browserResolve(), transpile()],
    // Anonymous define(): Magento maps a module name to this file in requirejs-config.js.
    output: { file: 'dist/amd/ai-discovery.js', format: 'amd', sourcemap: true, inlineDynamicImports: true, plugins: [minify()] },
  },
  {
    // The panel for the single-file builds: an ES module with its own copy of Preact (the launcher
    // in the main file is plain DOM, so nothing is shared and nothing is loaded twice).
    input: 'src/ui/panel/index.ts',
    plugins: [browserResolve(), transpile()],
    output: [
      { file: 'dist/cdn/ai-discovery.panel.js', format: 'es', sourcemap: true, plugins: [panelMinify] },
      { file: 'dist/amd/ai-discovery.panel.js', format: 'es', sourcemap: true, plugins: [panelMinify] },
    ],
  },
  {
    // The hand-off chunk for the single-file builds, with its own Preact like the panel: it renders
    // into its own root in the panel's shadow root, so nothing is shared between the two. Its maps
    // leave the sources out: the package carries the chunk three times (CDN, versioned CDN, AMD) and
    // the sources' text (protocol readers and Preact, 90 KB) would take it past its packed budget;
    // the maps still name each file and line.
    input: 'src/widget/handoff-runtime.ts',
    plugins: [browserResolve(), transpile()],
    output: [
      { file: 'dist/cdn/ai-discovery.handoff.js', format: 'es', sourcemap: true, sourcemapExcludeSources: true, plugins: [handoffMinify] },
      { file: 'dist/amd/ai-discovery.handoff.js', format: 'es', sourcemap: true, sourcemapExcludeSources: true, plugins: [handoffMinify] },
    ],
  },
  {
    input: 'adapters/cdn/loader.ts',
    plugins: [cdnRelease(), transpile()],
    // No source map: the loader is a few hundred bytes, meant to be read or pasted inline.
    output: { file: 'dist/cdn/loader.js', format: 'iife', plugins: [minify()] },
  },
  {
    // The launcher: the chat button drawn at once, then the versioned bundle (the loader's
    // build-info, from cdnRelease) at the first touch; its hash joins sri.json after cdnRelease wrote it.
    input: 'adapters/cdn/launcher.ts',
    plugins: [
      cdnRelease(),
      transpile(),
      {
        name: 'launcher-sri',
        writeBundle() {
          const hashes = JSON.parse(readFileSync(`${CDN}/sri.json`, 'utf8')) as Record<string, string>;
          hashes['launcher.js'] = sri(readFileSync(`${CDN}/launcher.js`));
          writeFileSync(`${CDN}/sri.json`, `${JSON.stringify(hashes, null, 2)}\n`);
        },
      },
    ],
    output: { file: 'dist/cdn/launcher.js', format: 'iife', plugins: [minify()] },
  },
  {
    input: 'src/server/index.ts',
    external: (id) => nodeBuiltins.has(id) || /^(socket\.io|@socket\.io|@redis|fast-xml-parser|csv-parse|minisearch|stemmer|bcryptjs|web-push)(\/|$)/.test(id),
    plugins: [protocolAsPackage('the server'), transpile(), copyCatalogImages()],
    // Mappings only: stack traces keep their lines (node --enable-source-maps), the package its size.
    output: { file: 'dist/server/index.js', format: 'es', sourcemap: true, sourcemapExcludeSources: true },
  },
];

/**
 * The adapters and the face chunk each keep their configs in build/<name>.ts; they run after the
 * builds above, so they can copy the CDN, AMD and ESM outputs they ship.
 */
export default [...config, ...faceBuilds, ...shopifyBuilds, ...woocommerceBuilds, ...magentoBuilds, ...inboxBuilds, ...inboxPushBuilds];
