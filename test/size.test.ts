import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup, type Plugin } from 'rollup';
import { describe, expect, it } from 'vitest';
import { npmPack, stagePackage, type PackageName } from '../packages/pack.mjs';

/**
 * Size budgets, enforced on the built files (`npm test` builds first). The ESM core is measured as
 * an app's bundler would ship it: bundled and minified, with preact and socket.io-client left out
 * because the app shares them. The protocol, which dist/esm imports from the ai-discovery-protocol
 * package, is bundled with it (through the workspace link, as an app's node_modules would hold
 * it): it is widget code the shopper downloads, whichever package carries it.
 */
const KB = 1024;
/** One bundle of the core takes seconds, many more on a busy two-core machine: room, not a speed check. */
const BUNDLING_MS = 60_000;

function brotli(code: string | Buffer): number {
  return brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

export async function esmCoreMinified(plugins: Plugin[] = []): Promise<string> {
  const bundle = await rollup({
    input: 'dist/esm/index.js',
    // MediaPipe too: only the face chunk imports it, and that chunk is not measured here.
    external: (id) => /^(preact|socket\.io-client|@mediapipe\/tasks-vision)(\/|$)/.test(id),
    plugins: [...plugins, nodeResolve({ resolveOnly: ['ai-discovery-protocol'] })],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] });
  await bundle.close();
  // What the entry loads statically. The panel is a dynamic import, which bundlers split off.
  const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])));
  const loaded = new Set<string>();
  const visit = (name: string) => {
    if (loaded.has(name) || !chunks.has(name)) return;
    loaded.add(name);
    chunks.get(name)!.imports.forEach(visit);
  };
  visit([...chunks.values()].find((c) => c.isEntry)!.fileName);
  return [...loaded].map((name) => chunks.get(name)!.code).join('\n');
}

describe('bundle size budgets', () => {
  it('the CDN bundle is at most 30 KB brotli', () => {
    const code = readFileSync('dist/cdn/ai-discovery.js');
    const size = brotli(code);
    console.log(`CDN bundle: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(30 * KB);
  });

  // 17.5 KB since the markdown parser became linear-time and incremental (about 1.3 KB more than the
  // quadratic one it replaced): a panel that a hostile answer cannot freeze is worth that.
  it('the panel, loaded when idle or first opened, is at most 17.5 KB brotli with its own Preact', () => {
    const code = readFileSync('dist/cdn/ai-discovery.panel.js');
    const size = brotli(code);
    console.log(`CDN panel: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(17.5 * KB);
    // The main file must not carry the panel: its markdown renderer is the panel's alone.
    expect(readFileSync('dist/cdn/ai-discovery.js', 'utf8')).not.toContain('aid-rise');
  });

  it('the operator inbox page (Preact and socket.io-client included; about 31 KB) is at most 34 KB brotli', () => expect(brotli(readFileSync(`dist/inbox/${(JSON.parse(readFileSync('dist/inbox/manifest.json', 'utf8')) as { script: string }).script}`))).toBeLessThanOrEqual(34 * KB));

  it('the async loader snippet is at most 1 KB brotli', () => {
    const code = readFileSync('dist/cdn/loader.js');
    const size = brotli(code);
    console.log(`CDN loader: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(1 * KB);
  });

  // The launcher is what every page of a store pays before the shopper touches the chat (the script
  // tag and the Shopify embed): the button and the widget's launcher stylesheet (about 1 KB of it),
  // the early panel with its labels in five languages, the queue and the hand-over (4.1 KB when set;
  // 4.3 KB once a press the widget's arrival interrupts was carried over to it).
  it('the launcher is at most 4.5 KB brotli and carries none of the widget', () => {
    const code = readFileSync('dist/cdn/launcher.js');
    const size = brotli(code);
    console.log(`CDN launcher: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(4.5 * KB);
    // Neither socket.io-client nor Preact: they come with the bundle, at the first touch.
    expect(code.toString()).not.toMatch(/engine\.io|__PREACT_DEVTOOLS__|socket\.io/);
  });

  // 12 KB until the IndexedDB store and the storage fallback chain joined the core (12.7 KB then);
  // 14 KB until the reload journal, the answer check, the origin probe and the legacy and HTTP-only
  // modes joined it (16.2 KB then); 16.5 KB until the hand-off's hooks joined it (16.9 KB then: the
  // chunk's loader, the awaiting ack, the operator's name on replies; the hashed chunk names it
  // imports move the figure by some 40 B from build to build). The two modes and the probe could
  // become dynamic imports.
  it('the ESM core, with the protocol it imports and without its other dependencies, is at most 17 KB brotli', async () => {
    const code = await esmCoreMinified();
    const size = brotli(code);
    console.log(`ESM core: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(17 * KB);
    // It really is without them: a bundled copy would dwarf the budget and hide growth of our own.
    expect(code).not.toMatch(/engine\.io|__PREACT_DEVTOOLS__/);
    // But with the protocol's validators (a reader's message, ProtocolFailure): left out, as an
    // unresolved import would be, the budget would measure less than the shopper downloads.
    expect(code).toContain('expected a plain object');
    expect(code).toMatch(/class \w+ extends Error\{[^}]*"ProtocolFailure"/);
  }, BUNDLING_MS);

  it('face analysis: the entry costs at most 1.5 KB brotli, and MediaPipe stays in the face chunk (at most 64 KB brotli)', async () => {
    // MediaPipe's own names: none may appear outside the face chunk.
    const mediapipe = /FilesetResolver|ModuleFactory|vision_wasm|FaceDetector|FaceLandmarker/;
    for (const file of ['dist/cdn/ai-discovery.js', 'dist/amd/ai-discovery.js', 'dist/cdn/ai-discovery.panel.js']) {
      expect(mediapipe.test(readFileSync(file, 'utf8')), file).toBe(false);
    }
    // The bundles do reach the chunk, by a native import() of the file beside them.
    expect(readFileSync('dist/cdn/ai-discovery.js', 'utf8')).toContain('import("./ai-discovery.face.js")');
    const chunk = readFileSync('dist/cdn/ai-discovery.face.js');
    expect(mediapipe.test(chunk.toString())).toBe(true);
    // No URL of anyone else's server is built in (the runtime and model come from beside the chunk;
    // "type.googleapis.com/…" names in MediaPipe's protobufs are type names, never fetched).
    expect(chunk.toString().match(/https?:\/\/[^"'`\s]*(google|gstatic|jsdelivr|unpkg)[^"'`\s]*/g)).toBe(null);
    const size = brotli(chunk);
    console.log(`CDN face chunk: ${chunk.length} B minified, ${gzipSync(chunk, { level: 9 }).length} B gzip, ${size} B brotli`);
    expect(size).toBeLessThanOrEqual(64 * KB);

    // The entry's cost: the ESM core as shipped, against the same core with the face wiring stubbed out.
    const withFace = await esmCoreMinified();
    expect(mediapipe.test(withFace)).toBe(false);
    const stub: Plugin = {
      name: 'no-face',
      load: (id) => (/[\\/]widget[\\/]face-wiring\.js$/.test(id) ? 'export function wireFace() { return undefined; }' : null),
    };
    const without = await esmCoreMinified([stub]);
    const cost = brotli(withFace) - brotli(without);
    console.log(`Face entry in the ESM core: ${cost} B brotli`);
    expect(without.length).toBeLessThan(withFace.length);
    expect(cost).toBeLessThanOrEqual(1.5 * KB);
  }, 2 * BUNDLING_MS);
});

/**
 * What `npm i` downloads and unpacks, per published package (`npm pack --dry-run` of each, staged
 * from the root build). Before the split, the one package was 9.2 MB packed, 30.4 MB unpacked and
 * 550 files, and front ends installed the server's dependencies with it.
 */
describe('package size budgets', () => {
  const MB = 1024 * KB;
  const budgets: { name: PackageName; packed: number; unpacked: number }[] = [
    // About 3.2 MB packed, 7.4 MB unpacked: the ESM core with its source maps, the CDN and AMD
    // bundles (the CDN ones twice, under their versioned path), the face chunk and its models
    // (the landmarker .task, 1.4 MB of floats that barely compress, is 1.3 MB of it). No wasm:
    // MediaPipe's runtime comes with the @mediapipe/tasks-vision dependency.
    { name: 'widget', packed: 3.5 * MB, unpacked: 8 * MB, },
    // About 360 KB packed, 1.4 MB unpacked, most of it the demo catalog's images.
    { name: 'server', packed: 400 * KB, unpacked: 1.5 * MB, },
    // About 15 KB packed, 53 KB unpacked: the validators and their declarations. 48 KB unpacked
    // until the entry exported the hand-off extension (its wire types, 9.5 KB of documented
    // declarations, and the readers the widget's hand-off chunk uses) for third-party servers.
    { name: 'protocol', packed: 16 * KB, unpacked: 56 * KB, },
  ];

  it.each(budgets)('$name: within $packed B packed and $unpacked B unpacked', async ({ name, packed, unpacked }) => {
    const dir = mkdtempSync(join(tmpdir(), `aid-size-${name}-`));
    try {
      const result = npmPack(await stagePackage(name, dir), { dryRun: true });
      console.log(`${result.name}: ${result.size} B packed, ${result.unpackedSize} B unpacked, ${result.entryCount} files`);
      expect(result.files.filter((f) => f.path.endsWith('.wasm'))).toEqual([]);
      expect(result.size).toBeLessThanOrEqual(packed);
      expect(result.unpackedSize).toBeLessThanOrEqual(unpacked);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
