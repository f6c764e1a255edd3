// The three published packages, staged from one root build. Sources stay in src/ and adapters/ and
// the build keeps writing dist/ (many tests read it); each folder of packages/ holds only its
// package.json and README, and this script copies into it the part of dist/ that package ships.
//
//   npm run pack                        build first; then stage and pack all three into packages/.tarballs
//   npm run pack -- --out DIR           ... into DIR, printing each tarball's size (npm pack --json)
//   node packages/pack.mjs --stage NAME  stage one package into its own folder (each package's prepack)
//
// It lives here rather than in scripts/ because scripts/ is in every build target's key: editing
// how packages are staged must not rebuild the bundles.
//
// The tests stage into a temporary copy (stagePackage(name, dir)), so packing from two test files
// at once never races on the package folders.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Folder of packages/ for each package, by its short name. */
export const PACKAGES = { widget: 'packages/widget', server: 'packages/server', protocol: 'packages/protocol' };

/** What `stagePackage` writes; removed before each staging so nothing stale is ever packed. */
const STAGED = ['dist', 'bin', 'adapters'];

/**
 * Paths under dist/ the browser package leaves out. MediaPipe's wasm runtime is in the
 * `@mediapipe/tasks-vision` dependency already (node_modules/@mediapipe/tasks-vision/wasm): a
 * second copy in our tarball would be 20 MB for nothing. The server, the demo pages and the
 * platform packages (a WordPress zip, a Magento module, a Shopify extension, each with its own
 * copy of the bundles) are not for an app's node_modules.
 */
const WIDGET_SKIP = [
  /^dist\/(server|types\/server|examples|woocommerce|magento|shopify)(\/|$)/,
  /(^|\/)mediapipe\/wasm(\/|$)/,
  /^dist\/(cdn|amd)\/[^/]+\/mediapipe(\/|$)/,
  /^dist\/amd\/mediapipe(\/|$)/,
  /^dist\/\.build-stamp\.json$/,
];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function requireBuilt(path) {
  if (!existsSync(join(ROOT, path))) throw new Error(`pack: ${path} is missing: run \`npm run build\` at the repository root first`);
}

/** Copies `from` (project-relative: a file, or every file under a folder that passes `keep`) into `to`. */
function copyTree(from, to, keep = () => true) {
  requireBuilt(from);
  const source = join(ROOT, from);
  for (const file of statSync(source).isDirectory() ? files(source) : [source]) {
    const path = relative(ROOT, file).split('\\').join('/');
    if (!keep(path)) continue;
    const target = join(to, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

/**
 * The declaration files `entry` reaches through relative imports, itself included: the server's
 * types need the protocol's, and nothing else of dist/types. Files in `stop` are neither included
 * nor followed.
 */
export function declarationClosure(entry, stop = new Set()) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path) || stop.has(path)) return;
    requireBuilt(path);
    seen.add(path);
    const text = readFileSync(join(ROOT, path), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = posix.join(posix.dirname(path), spec).replace(/\.js$/, '.d.ts');
      visit(target.endsWith('.d.ts') ? target : `${target}.d.ts`);
    }
  };
  visit(entry);
  return [...seen].sort();
}

/** Where the protocol's build (build/protocol.ts, a target of `npm run build`) writes its modules. */
const PROTOCOL_DIST = 'packages/protocol/dist';
const PROTOCOL_TYPES = 'dist/types/protocol/';

/**
 * The protocol modules whose every export the protocol's entry re-exports (`export * from`): an
 * import of any of them is an import of `ai-discovery-protocol`.
 */
function protocolReexported() {
  const entry = readFileSync(join(ROOT, PROTOCOL_TYPES, 'index.d.ts'), 'utf8');
  const names = [...entry.matchAll(/export \* from ['"]\.\/([^'"]+)\.js['"]/g)].map(([, name]) => `${PROTOCOL_TYPES}${name}.d.ts`);
  return new Set([`${PROTOCOL_TYPES}index.d.ts`, ...names]);
}

/**
 * The server's declarations, taking the protocol's types from `ai-discovery-protocol` as its code
 * does: an import of a module the protocol's entry re-exports becomes the bare specifier, so that
 * an app holds one declaration of each protocol type. A protocol module the entry does not publish
 * (the hand-off types) is shipped beside the server's, its own imports rewritten the same way.
 */
function stageServerDeclarations(dir) {
  const published = protocolReexported();
  for (const path of declarationClosure('dist/types/server/index.d.ts', published)) {
    const text = readFileSync(join(ROOT, path), 'utf8').replace(/((?:from\s+|import\s*\(\s*)['"])(\.{1,2}\/[^'"]+)(['"])/g, (whole, left, spec, right) => {
      const target = posix.join(posix.dirname(path), spec).replace(/\.js$/, '.d.ts');
      return published.has(target) ? `${left}ai-discovery-protocol${right}` : whole;
    });
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * Writes package `name` into `dir`: its package.json and README from packages/, and the files it
 * ships from the root build. `dir` defaults to the package's own folder (what `npm pack` there
 * packs); the tests pass a temporary folder.
 */
export async function stagePackage(name, dir = join(ROOT, PACKAGES[name])) {
  if (!PACKAGES[name]) throw new Error(`pack: no package named ${name}; the packages are ${Object.keys(PACKAGES).join(', ')}`);
  const home = join(ROOT, PACKAGES[name]);
  const inPlace = resolve(dir) === resolve(home);
  // The protocol's own folder holds its build in dist/: staging there only adds the declarations.
  for (const path of STAGED) if (!(inPlace && name === 'protocol' && path === 'dist')) rmSync(join(dir, path), { recursive: true, force: true });
  if (!inPlace) {
    mkdirSync(dir, { recursive: true });
    for (const file of ['package.json', 'README.md']) copyFileSync(join(home, file), join(dir, file));
  }
  if (name === 'widget') {
    const keep = (path) => !WIDGET_SKIP.some((pattern) => pattern.test(path));
    for (const tree of ['dist/esm', 'dist/types', 'dist/react', 'dist/cdn', 'dist/amd']) copyTree(tree, dir, keep);
    // The adapters' own JavaScript, as sources an app or a theme can read: the script-tag queue and
    // launcher, the React adapter, the Shopify embed; the platforms' PHP and XML stay in the repo.
    copyTree('adapters', dir, (path) => /\.(ts|tsx|js|mjs)$/.test(path) && !/^adapters\/(woocommerce|magento)\//.test(path));
    // The old path of the chat server's command, handing over to ai-discovery-server.
    mkdirSync(join(dir, 'bin'), { recursive: true });
    copyFileSync(join(home, 'server-moved.mjs'), join(dir, 'bin/ai-discovery-server.mjs'));
  } else if (name === 'server') {
    copyTree('dist/server', dir);
    // The operator inbox page the server serves (createInboxRoute reads it beside dist/server).
    copyTree('dist/inbox', dir, (path) => !path.endsWith('.map'));
    stageServerDeclarations(dir);
    mkdirSync(join(dir, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin/ai-discovery-server.mjs'), join(dir, 'bin/ai-discovery-server.mjs'));
  } else {
    // The modules as built once by `npm run build`, the very files the server imports in this
    // repository through the workspace link; then their declarations beside them.
    requireBuilt(`${PROTOCOL_DIST}/index.js`);
    if (!inPlace) cpSync(join(ROOT, PROTOCOL_DIST), join(dir, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.d.ts') });
    for (const path of declarationClosure(`${PROTOCOL_TYPES}index.d.ts`)) {
      if (!path.startsWith(PROTOCOL_TYPES)) throw new Error(`pack: the protocol's types reach outside it (${path})`);
      copyFileSync(join(ROOT, path), join(dir, 'dist', posix.basename(path)));
    }
  }
  return dir;
}

/** `npm pack` of a staged folder, its lifecycle scripts off (the folder is staged already). */
export function npmPack(dir, { out, dryRun = false } = {}) {
  const args = ['pack', '--json', '--ignore-scripts', ...(dryRun ? ['--dry-run'] : ['--pack-destination', out])];
  const [result] = JSON.parse(execFileSync('npm', args, { cwd: dir, encoding: 'utf8' }));
  return result;
}

const main = resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
if (main) {
  const { values } = parseArgs({ options: { stage: { type: 'string' }, out: { type: 'string' } } });
  if (values.stage) {
    await stagePackage(values.stage);
  } else {
    const out = resolve(values.out ?? join(ROOT, 'packages/.tarballs'));
    mkdirSync(out, { recursive: true });
    for (const name of Object.keys(PACKAGES)) {
      const { filename, size, unpackedSize, entryCount } = npmPack(await stagePackage(name), { out });
      console.log(`pack: ${join(out, filename)}: ${size} B packed, ${unpackedSize} B unpacked, ${entryCount} files`);
    }
  }
}
