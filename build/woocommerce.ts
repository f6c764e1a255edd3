import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import terser from '@rollup/plugin-terser';
import { zipSync, type Zippable } from 'fflate';
import type { Plugin, RollupOptions } from 'rollup';
import { transpile } from './transpile';

/** The plugin's slug: its folder name in wp-content/plugins and the zip's top folder. */
export const WOO_SLUG = 'ai-discovery-widget';
const SOURCE = 'adapters/woocommerce';
const OUT = 'dist/woocommerce';
const PLUGIN_DIR = `${OUT}/${WOO_SLUG}`;
/** What the installed plugin holds from the source folder; src/ is built, README.md is for developers. */
const SHIPPED = ['ai-discovery-widget.php', 'uninstall.php', 'readme.txt', 'includes', 'languages'];
/** The widget's panel, from the CDN build that ran before this config (the plugin passes its URL). */
const CDN_FILES = ['ai-discovery.panel.js'];
/**
 * The launcher and the versioned bundle it fetches at the first touch, byte for byte as the CDN
 * build wrote them: the launcher checks the bundle against the hash it embeds.
 */
const LAUNCHER_FILES = (version: string) => ['launcher.js', `${version}/ai-discovery.js`];
/** Zip entries get one fixed date, so the same sources give the same zip. */
const ZIP_DATE = new Date('2024-01-01T00:00:00Z');

const readVersion = () => (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** Replaces `pattern`'s second group, failing the build when the pattern is gone. */
function stamp(text: string, pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`build/woocommerce: cannot find ${what} to write the version into`);
  return text.replace(pattern, (_match, before: string) => `${before}${value}`);
}

function zipTree(dir: string): Zippable {
  const tree: Zippable = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    tree[name] = statSync(path).isDirectory() ? zipTree(path) : [readFileSync(path), { mtime: ZIP_DATE }];
  }
  return tree;
}

/**
 * Assembles the installable plugin around the script rollup just wrote into its assets/ folder:
 * the PHP files and readme with package.json's version written in, the widget bundle beside the
 * script, then the zip WordPress's "Upload Plugin" takes (the plugin folder at its root).
 */
function wordpressPlugin(): Plugin {
  return {
    name: 'woocommerce-plugin',
    buildStart() {
      rmSync(OUT, { recursive: true, force: true });
      // Inputs for scripts/build.mjs's stale check: what writeBundle copies.
      for (const entry of SHIPPED) this.addWatchFile(resolve(SOURCE, entry));
      for (const file of [...CDN_FILES, ...LAUNCHER_FILES(readVersion())]) this.addWatchFile(resolve('dist/cdn', file));
    },
    writeBundle() {
      const version = readVersion();
      for (const entry of SHIPPED) cpSync(join(SOURCE, entry), join(PLUGIN_DIR, entry), { recursive: true });

      const main = join(PLUGIN_DIR, 'ai-discovery-widget.php');
      let php = readFileSync(main, 'utf8');
      php = stamp(php, /^(\s*\*\s*Version:\s*)\S+$/m, version, 'the Version header');
      php = stamp(php, /(define\(\s*'AI_DISCOVERY_WIDGET_VERSION',\s*')[^']*(?=')/, version, 'AI_DISCOVERY_WIDGET_VERSION');
      writeFileSync(main, php);
      const readme = join(PLUGIN_DIR, 'readme.txt');
      writeFileSync(readme, stamp(readFileSync(readme, 'utf8'), /^(Stable tag:\s*)\S+$/m, version, 'the Stable tag'));

      mkdirSync(join(PLUGIN_DIR, 'assets'), { recursive: true });
      for (const file of CDN_FILES) {
        const from = join('dist/cdn', file);
        if (!existsSync(from)) throw new Error(`build/woocommerce: ${from} is missing; the CDN build must run first`);
        // The source maps stay on the CDN and in the npm package: without them the plugin is a third of the size.
        const code = readFileSync(from, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
        writeFileSync(join(PLUGIN_DIR, 'assets', file), code);
      }
      for (const file of LAUNCHER_FILES(version)) {
        const from = join('dist/cdn', file);
        if (!existsSync(from)) throw new Error(`build/woocommerce: ${from} is missing; the CDN build must run first`);
        cpSync(from, join(PLUGIN_DIR, 'assets', file));
      }

      const zip = zipSync({ [WOO_SLUG]: zipTree(PLUGIN_DIR) }, { level: 9, mtime: ZIP_DATE });
      writeFileSync(join(OUT, `${WOO_SLUG}.zip`), zip);
      this.info(`WordPress plugin ${version}: ${relative('.', PLUGIN_DIR)}/ and ${WOO_SLUG}.zip (${zip.length} bytes)`);
    },
  };
}

/** Rollup configs for the woocommerce artifacts; rollup.config.ts appends them after the core builds. */
export const woocommerceBuilds: RollupOptions[] = [
  {
    // Only types come from the core: the widget itself is the bundle's `AIDiscovery` global.
    input: `${SOURCE}/src/index.ts`,
    plugins: [
      transpile(),
      wordpressPlugin(),
    ],
    output: {
      file: `${PLUGIN_DIR}/assets/ai-discovery-woo.js`,
      format: 'iife',
      plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })],
    },
  },
];
