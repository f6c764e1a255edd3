import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { describe, expect, it } from 'vitest';

/** Size budgets of the Shopify artifacts, measured on the built files (`npm test` builds first). */
const KB = 1024;
const brotli = (code: string | Buffer) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gzip = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;

describe('Shopify size budgets', () => {
  it('ai-discovery-widget/react is at most 2 KB brotli, minified as an app bundler would', async () => {
    // Shipped readable for the app's bundler; measured the way it reaches shoppers.
    const bundle = await rollup({ input: 'dist/react/index.js', external: (id) => id === 'react' || id.endsWith('/esm/index.js'), onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] });
    await bundle.close();
    const code = output[0].code;
    const size = brotli(code);
    console.log(`React adapter: ${code.length} B minified, ${gzip(code)} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(2 * KB);
  });

  // 2 KB until the embed drew the launcher itself (the CDN launcher's button, early panel and
  // hand-over, 4.9 KB with the Shopify cart and settings when raised, 5.2 KB once an interrupted press
  // was carried over), instead of fetching the whole
  // widget on every page when idle.
  it('the app embed script stays under Shopify\'s 10 KB compressed: at most 5.5 KB brotli', () => {
    const code = readFileSync('dist/shopify/extension/assets/ai-discovery-embed.js');
    console.log(`Shopify embed: ${code.length} B minified, ${gzip(code)} B gzip, ${brotli(code)} B brotli`);
    expect(gzip(code)).toBeLessThanOrEqual(10 * KB);
    expect(brotli(code)).toBeLessThanOrEqual(5.5 * KB);
  });
});
