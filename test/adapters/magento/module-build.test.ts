import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAGENTO_MODULE_DIR } from '../../../build/magento';

/*
 * The installable module `npm run build` writes (run it first): the source folder's files, the
 * version, and the component, AMD bundle and panel side by side in view/frontend/web/js/.
 */

const SOURCE = 'adapters/magento';
const WEB_JS = join(MAGENTO_MODULE_DIR, 'view/frontend/web/js');
const withoutSourceMap = (code: string) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the built Magento module folder', () => {
  it('exists as app/code/AIDiscovery/Widget would hold it', () => {
    expect(existsSync(join(MAGENTO_MODULE_DIR, 'registration.php')), 'run "npm run build" first').toBe(true);
    expect(MAGENTO_MODULE_DIR).toMatch(/AIDiscovery\/Widget$/);
  });

  it('holds the AMD bundle and its panel beside the component, as the core build wrote them', () => {
    for (const file of ['ai-discovery.js', 'ai-discovery.panel.js']) {
      const shipped = readFileSync(join(WEB_JS, file), 'utf8');
      expect(shipped, file).toBe(withoutSourceMap(readFileSync(join('dist/amd', file), 'utf8')));
      expect(shipped).not.toMatch(/sourceMappingURL/);
    }
    // The bundle fetches its panel by this relative name: it must resolve inside the module.
    const bundle = readFileSync(join(WEB_JS, 'ai-discovery.js'), 'utf8');
    expect(bundle).toContain('import("./ai-discovery.panel.js")');
    expect(readdirSync(WEB_JS).sort()).toEqual(['ai-discovery.js', 'ai-discovery.panel.js', 'launcher.js', 'widget.js']);
  });

  it('copies every source file unchanged, leaves out src/, and writes the version into composer.json', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const sourceFiles = files(SOURCE).filter((f) => !relative(SOURCE, f).startsWith('src/') && !f.endsWith('composer.json'));
    for (const file of sourceFiles) {
      expect(readFileSync(join(MAGENTO_MODULE_DIR, relative(SOURCE, file)), 'utf8'), file).toBe(readFileSync(file, 'utf8'));
    }
    expect(existsSync(join(MAGENTO_MODULE_DIR, 'src'))).toBe(false);
    const source = JSON.parse(readFileSync(join(SOURCE, 'composer.json'), 'utf8')) as Record<string, unknown>;
    const built = JSON.parse(readFileSync(join(MAGENTO_MODULE_DIR, 'composer.json'), 'utf8')) as Record<string, unknown>;
    expect(built).toEqual({ ...source, version });
  });

  it('widget.js is an anonymous AMD module on customer-data and aiDiscovery whose factory returns the (config, element) component', () => {
    const code = readFileSync(join(WEB_JS, 'widget.js'), 'utf8');
    const defined: { deps: string[]; factory: (...modules: unknown[]) => unknown }[] = [];
    runInNewContext(code, { define: (deps: string[], factory: (...m: unknown[]) => unknown) => defined.push({ deps, factory }) });
    expect(defined).toHaveLength(1);
    expect(defined[0]!.deps).toEqual(['Magento_Customer/js/customer-data', 'aiDiscovery']);
    const component = defined[0]!.factory({ get: () => Object.assign(() => ({}), { subscribe: () => ({ dispose() {} }) }) }, { init: () => ({}) });
    expect(component).toBeTypeOf('function');
    expect((component as (...args: unknown[]) => unknown).length).toBe(2);
  });

  it('widget.js parses as ES2017, for Magento minifier and older storefront browsers', () => {
    // acorn is terser's parser, installed with @rollup/plugin-terser.
    const acorn = createRequire(import.meta.url)('acorn') as { parse(code: string, options: object): unknown };
    const code = readFileSync(join(WEB_JS, 'widget.js'), 'utf8');
    expect(() => acorn.parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
    // The check can fail: optional chaining is ES2020.
    expect(() => acorn.parse('a?.b', { ecmaVersion: 2017, sourceType: 'script' })).toThrow();
  });
});
