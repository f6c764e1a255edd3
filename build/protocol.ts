import { resolve, sep } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import { transpile } from './transpile';

/**
 * The wire protocol, built once: packages/protocol/dist holds it as ES modules (its types come from
 * the declarations step, staged by packages/pack.mjs), and both the server's bundle and the widget's
 * ES modules (dist/esm) import it by its package name, `ai-discovery-protocol`, instead of carrying
 * a copy. In this repository the name resolves through the npm workspace link
 * node_modules/ai-discovery-protocol -> packages/protocol. The single-file browser builds (CDN, AMD,
 * the platform packages, the inbox page) keep inlining it: such a file must be self-contained.
 */
export const PROTOCOL_DIST = 'packages/protocol/dist';
const PROTOCOL_SRC = resolve('src/protocol');

/**
 * The protocol's ES modules, one file per source module, for packages/protocol. The default syntax
 * level (tsconfig.json's ES2020), not a newer one: the widget's ES modules hand these files to the
 * apps' bundlers, which get ES2020 from the rest of the widget.
 */
export const protocolBuild: RollupOptions = {
  input: 'src/protocol/index.ts',
  plugins: [transpile()],
  output: { dir: PROTOCOL_DIST, format: 'es', preserveModules: true, preserveModulesRoot: 'src/protocol' },
};

/**
 * For a build that depends on the protocol package (`who` names it in the error): the protocol's
 * entry becomes the external `ai-discovery-protocol`. Anything else of src/protocol reached at run
 * time would be a second copy beside the package, so it fails the build. Type-only imports are gone
 * by then (the transpile step drops them); packages/pack.mjs holds declarations to the same rule.
 */
export function protocolAsPackage(who: string): Plugin {
  return {
    name: 'protocol-as-package',
    async resolveId(source, importer, options) {
      if (!importer || !/(^|\/)protocol(\/|$)/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !resolved.id.startsWith(PROTOCOL_SRC + sep)) return null;
      if (resolved.id === resolve(PROTOCOL_SRC, 'index.ts')) return { id: 'ai-discovery-protocol', external: true };
      this.error(`${importer} imports ${source}: ${who} take the protocol from ai-discovery-protocol's entry only (export it from src/protocol/index.ts)`);
    },
  };
}
