import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import { PANEL_CSS } from '../src/ui/panel/styles';
import { transpile } from './transpile';

/**
 * The operator inbox page (src/inbox), served by the chat server's inbox route
 * (src/server/handoff/inbox-route.ts):
 *
 *   dist/inbox/inbox-<hash>.js    the page's ES module, Preact and socket.io-client included
 *   dist/inbox/inbox-<hash>.css   the panel's stylesheet (messages, product cards) and the inbox's own
 *   dist/inbox/manifest.json      { script, style }: the names the route puts in its HTML
 *
 * Names carry their content's hash so the route can let browsers cache them for good; a strict CSP
 * (no inline styles or scripts) is why the CSS is a file and not a string in the script.
 */

const OUT = 'dist/inbox';
const INBOX_CSS = 'src/inbox/inbox.css';
/** What this target writes: the hashed page files and the manifest. */
const OWN = /^(?:inbox-[A-Za-z0-9_-]+\.(?:js|css)(?:\.map)?|manifest\.json)$/;

function inboxAssets(): Plugin {
  return {
    name: 'inbox-assets',
    buildStart() {
      this.addWatchFile(resolve(INBOX_CSS));
      // Old hashed files would otherwise pile up beside the new ones. Only this target's own files
      // go: the service worker's target writes dist/inbox/sw.js into the same folder.
      if (!existsSync(OUT)) return;
      for (const name of readdirSync(OUT)) if (OWN.test(name)) rmSync(`${OUT}/${name}`, { force: true });
    },
    generateBundle(_options, bundle) {
      const css = `${readFileSync(INBOX_CSS, 'utf8')}\n/* The chat panel's rules: messages and product cards look as the shopper saw them. */\n${PANEL_CSS}`;
      const style = this.getFileName(this.emitFile({ type: 'asset', name: 'inbox.css', source: css }));
      const script = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry)?.fileName;
      if (!script) this.error('inbox: no entry chunk');
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: `${JSON.stringify({ script, style }, null, 2)}\n` });
    },
  };
}

export const inboxBuilds: RollupOptions[] = [
  {
    input: 'src/inbox/main.ts',
    plugins: [inboxAssets(), nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default', 'production'] }), transpile()],
    output: {
      dir: OUT,
      format: 'es',
      sourcemap: true,
      entryFileNames: 'inbox-[hash].js',
      assetFileNames: 'inbox-[hash][extname]',
      plugins: [terser({ compress: { passes: 2, pure_getters: true }, format: { comments: false } })],
    },
  },
];
