import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { RollupOptions } from 'rollup';
import { transpile } from './transpile';

/**
 * The inbox's service worker, dist/inbox/sw.js: one classic script (service workers registered
 * without `type: 'module'` run in every browser that has Web Push), served by the inbox route at
 * `<inboxPath>/sw.js` so that its scope can be the inbox path.
 */
export const inboxPushBuilds: RollupOptions[] = [
  {
    input: 'src/inbox/push/sw.ts',
    plugins: [nodeResolve({ browser: true, exportConditions: ['production'] }), transpile()],
    output: {
      file: 'dist/inbox/sw.js',
      format: 'iife',
      sourcemap: true,
      plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })],
    },
  },
];
