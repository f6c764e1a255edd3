import { resolve, sep } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import { transpile } from './transpile';

/**
 * The wire protocol, built once: packages/protocol/dist holds it as ES modules (its types come from
 * the declarations step, staged by packages/pack.mjs), and the server's bundle imports it by its
 * package name, `ai-discovery-protocol`, instead of carrying a copy. In this repository the name
 * resolves through the npm workspace link node_modules/ai-discovery-protocol -> packages/protocol.
 * The browser bundles keep inlining it: a CDN or AMD file must be self-contained.
 */
export const PROTOCOL_DIST = 'packages/protocol/dist';
const PROTOCOL_SRC = resolve('src/protocol');

/** The protocol's ES modules, one file per source module, for packages/protocol. */
export const protocolBuild: RollupOptions = {
  input: 'src/protocol/index.ts',
  plugins: [transpile({ target: 'es2022' })],
  output: { dir: PROTOCOL_DIST, format: 'es', preserveModules: true, preserveModulesRoot: 'src/protocol' },
};

/**
 * For the server's bundle: the protocol's entry becomes the external `ai-discovery-protocol`.
 * Anything else of src/protocol reached at run time would be a second copy, so it fails the build.
 */
export function protocolAsPackage(): Plugin {
  return {
    name: 'protocol-as-package',
    async resolveId(source, importer, options) {
      if (!importer || !/(^|\/)protocol(\/|$)/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !resolved.id.startsWith(PROTOCOL_SRC + sep)) return null;
      if (resolved.id === resolve(PROTOCOL_SRC, 'index.ts')) return { id: 'ai-discovery-protocol', external: true };
      this.error(`${importer} imports ${source}: the server takes the protocol from ai-discovery-protocol's entry only (export it from src/protocol/index.ts)`);
    },
  };
}
