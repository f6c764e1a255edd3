import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_DIR, ROOT, VERSION, ZIP } from './php-harness';

/** The installable plugin `npm run build` writes (npm test builds first). */

const EXPECTED = [
  'ai-discovery-widget/',
  'ai-discovery-widget/ai-discovery-widget.php',
  'ai-discovery-widget/assets/',
  `ai-discovery-widget/assets/${VERSION}/`,
  `ai-discovery-widget/assets/${VERSION}/ai-discovery.js`,
  'ai-discovery-widget/assets/ai-discovery-woo.js',
  'ai-discovery-widget/assets/ai-discovery.panel.js',
  'ai-discovery-widget/assets/launcher.js',
  'ai-discovery-widget/includes/',
  'ai-discovery-widget/includes/class-ai-discovery-widget-frontend.php',
  'ai-discovery-widget/includes/class-ai-discovery-widget-identity.php',
  'ai-discovery-widget/includes/class-ai-discovery-widget-options.php',
  'ai-discovery-widget/includes/class-ai-discovery-widget-settings.php',
  'ai-discovery-widget/languages/',
  'ai-discovery-widget/languages/ai-discovery-widget.pot',
  'ai-discovery-widget/readme.txt',
  'ai-discovery-widget/uninstall.php',
];

const unzip = (...args: string[]) => {
  const run = spawnSync('unzip', args, { encoding: 'utf8' });
  if (run.error) throw new Error(`unzip is needed (apt-get install unzip): ${run.error.message}`);
  return run;
};

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));
}

const scratch = mkdtempSync(join(tmpdir(), 'woo-zip-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the WordPress plugin zip', () => {
  it('passes unzip -t and holds exactly the plugin folder at its root', () => {
    const test = unzip('-t', ZIP);
    expect(test.status).toBe(0);
    expect(test.stdout).toContain('No errors detected');
    const listing = unzip('-Z1', ZIP).stdout.trim().split('\n').sort();
    expect(listing).toEqual(EXPECTED);
  });

  it('unpacks to the same bytes as dist/woocommerce/ai-discovery-widget/', () => {
    expect(unzip('-q', ZIP, '-d', scratch).status).toBe(0);
    const unpacked = join(scratch, 'ai-discovery-widget');
    expect(files(unpacked).sort()).toEqual(files(PLUGIN_DIR).sort());
    for (const file of files(PLUGIN_DIR)) expect(readFileSync(join(unpacked, file)).equals(readFileSync(join(PLUGIN_DIR, file))), file).toBe(true);
  });

  it('ships the launcher, the versioned bundle it fetches (byte for byte: it checks its hash) and the panel of this build, and the version in the header, constant and readme', () => {
    for (const file of ['launcher.js', `${VERSION}/ai-discovery.js`]) {
      expect(readFileSync(join(PLUGIN_DIR, 'assets', file)).equals(readFileSync(join(ROOT, 'dist/cdn', file))), file).toBe(true);
    }
    // Compared by hash: a difference means the CDN build and the plugin's copy come from different builds.
    const digest = (text: string) => createHash('sha256').update(text.trimEnd()).digest('hex');
    for (const file of ['ai-discovery.panel.js']) {
      const cdn = readFileSync(join(ROOT, 'dist/cdn', file), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '');
      const shipped = readFileSync(join(PLUGIN_DIR, 'assets', file), 'utf8');
      expect(shipped).not.toContain('sourceMappingURL');
      expect({ file, sha256: digest(shipped) }).toEqual({ file, sha256: digest(cdn) });
    }
    const main = readFileSync(join(PLUGIN_DIR, 'ai-discovery-widget.php'), 'utf8');
    expect(main).toMatch(new RegExp(`^ \\* Version:\\s+${VERSION.replace(/\./g, '\\.')}$`, 'm'));
    expect(main).toContain(`define( 'AI_DISCOVERY_WIDGET_VERSION', '${VERSION}' );`);
    expect(readFileSync(join(PLUGIN_DIR, 'readme.txt'), 'utf8')).toMatch(new RegExp(`^Stable tag: ${VERSION.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('keeps the plugin\'s own script small: at most 5 KB minified, 2 KB brotli', () => {
    const code = readFileSync(join(PLUGIN_DIR, 'assets/ai-discovery-woo.js'));
    const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`WooCommerce plugin script: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip, ${brotli} B brotli`);
    expect(code.length).toBeLessThanOrEqual(5 * 1024);
    expect(brotli).toBeLessThanOrEqual(2 * 1024);
    // It carries none of the widget: that comes from the bundle's global.
    expect(code.toString()).not.toMatch(/socket\.io|engine\.io|attachShadow/);
  });
});
