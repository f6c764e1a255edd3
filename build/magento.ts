import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import { transpile } from './transpile';

const SOURCE = 'adapters/magento';
const OUT = 'dist/magento';
/** Laid out as it sits in a store: app/code/AIDiscovery/Widget/. */
export const MAGENTO_MODULE_DIR = `${OUT}/AIDiscovery/Widget`;
const WEB_JS = 'view/frontend/web/js';
/** What the installed module holds from the source folder; src/ is compiled into widget.js. */
const SHIPPED = ['registration.php', 'etc', 'Model', 'ViewModel', 'view', 'README.md'];
/**
 * The AMD bundle and its panel. The bundle loads the panel with a native import() relative to its
 * own URL, so the two must sit side by side in the module's web/js folder.
 */
const AMD_FILES = ['ai-discovery.js', 'ai-discovery.panel.js'];
/** Modules the component gets from RequireJS instead of from this build. */
const REQUIREJS_MODULES = ['Magento_Customer/js/customer-data', 'aiDiscovery'];

const readVersion = () => (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/**
 * composer.json with package.json's version: Composer and Adobe's Marketplace read the version
 * from there. The source leaves it out, so it can never go stale.
 */
function stampComposer(text: string, version: string): string {
  const { name, description, type, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return `${JSON.stringify({ name, description, type, version, ...rest }, null, 4)}\n`;
}

/**
 * Assembles the module folder around the component rollup just wrote into view/frontend/web/js:
 * the PHP, XML, template and requirejs-config from the source, composer.json with the version, and
 * the AMD bundle and panel from the core build that ran before this config.
 */
function magentoModule(): Plugin {
  return {
    name: 'magento-module',
    buildStart() {
      rmSync(OUT, { recursive: true, force: true });
      // Inputs for scripts/build.mjs's stale check: what writeBundle copies.
      for (const entry of [...SHIPPED, 'composer.json']) this.addWatchFile(resolve(SOURCE, entry));
      for (const file of AMD_FILES) this.addWatchFile(resolve('dist/amd', file));
    },
    writeBundle() {
      const version = readVersion();
      for (const entry of SHIPPED) cpSync(join(SOURCE, entry), join(MAGENTO_MODULE_DIR, entry), { recursive: true });
      writeFileSync(join(MAGENTO_MODULE_DIR, 'composer.json'), stampComposer(readFileSync(join(SOURCE, 'composer.json'), 'utf8'), version));

      const webJs = join(MAGENTO_MODULE_DIR, WEB_JS);
      mkdirSync(webJs, { recursive: true });
      for (const file of AMD_FILES) {
        const from = join('dist/amd', file);
        if (!existsSync(from)) throw new Error(`build/magento: ${from} is missing; the AMD build must run first`);
        // No source maps in the module: static deploy would publish them to every theme and locale.
        const code = readFileSync(from, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
        writeFileSync(join(webJs, file), code);
      }
      this.info(`Magento module AIDiscovery_Widget ${version}: ${relative('.', MAGENTO_MODULE_DIR)}/`);
    },
  };
}

/** Rollup configs for the magento artifacts; rollup.config.ts appends them after the core builds. */
export const magentoBuilds: RollupOptions[] = [
  {
    input: `${SOURCE}/src/widget.ts`,
    external: REQUIREJS_MODULES,
    plugins: [
      // ES2017 so Magento's own minifier and older storefront browsers take it; only types come from the core.
      transpile({ target: 'es2017' }),
      magentoModule(),
    ],
    output: {
      file: `${MAGENTO_MODULE_DIR}/${WEB_JS}/widget.js`,
      // Anonymous: RequireJS names it AIDiscovery_Widget/js/widget from its path.
      format: 'amd',
      exports: 'default',
      // customer-data is a plain object, not an ES module namespace.
      interop: 'default',
      // Readable: integrators read it in app/code, and production mode minifies it anyway.
      banner: `/*! AIDiscovery_Widget/js/widget: see adapters/magento/src in ai-discovery-widget ${readVersion()} */`,
    },
  },
  {
    // The x-magento-init component: the button at once, js/widget (and the AMD bundle) at the first
    // touch. After the widget's config, whose plugin empties and refills the module folder.
    input: `${SOURCE}/src/launcher.ts`,
    external: ['require'],
    plugins: [transpile({ target: 'es2017' })],
    output: {
      file: `${MAGENTO_MODULE_DIR}/${WEB_JS}/launcher.js`,
      format: 'amd',
      exports: 'default',
      // RequireJS's require is a function, not an ES module namespace.
      interop: 'default',
      banner: `/*! AIDiscovery_Widget/js/launcher: see adapters/magento/src in ai-discovery-widget ${readVersion()} */`,
    },
  },
];
