// What a target was built from, and whether that has changed: dist/.build-stamp.json keeps, per
// target, the files its last build read (Rollup's watch files: every module in its graph and the
// files and folders its plugins copy) with a hash of each, and the outputs it wrote.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

export const STAMP_FILE = 'dist/.build-stamp.json';
/** Bumped when the stamp's meaning changes, so an old stamp rebuilds everything once. */
const STAMP_VERSION = 1;

/**
 * Project-relative paths of the inputs worth hashing. Packages are left out: package-lock.json is
 * in every target's key, so an install that changes them rebuilds everything anyway, and hashing
 * megabytes of node_modules on every start would cost more than it saves.
 */
export function projectInputs(root, ids) {
  const paths = new Set();
  for (const id of ids) {
    if (id.includes('\0') || !isAbsolute(id)) continue;
    const path = relative(root, id);
    if (path.startsWith('..') || path.split(sep).includes('node_modules')) continue;
    paths.add(path.split(sep).join('/'));
  }
  return [...paths].sort();
}

function feed(hash, root, path) {
  const full = join(root, path);
  if (!existsSync(full)) {
    hash.update(`missing ${path}\n`);
    return;
  }
  if (statSync(full).isDirectory()) {
    // A folder a plugin copies: its files' names and contents, so an added file counts too.
    hash.update(`dir ${path}\n`);
    for (const name of readdirSync(full).sort()) feed(hash, root, `${path}/${name}`);
    return;
  }
  hash.update(`file ${path}\n`);
  hash.update(readFileSync(full));
}

/** The content hash of a file or folder (`missing` counts as a content too). */
export function hashPath(root, path) {
  const hash = createHash('sha256');
  feed(hash, root, path);
  return hash.digest('hex').slice(0, 32);
}

/** `{ path: hash }` for each path, as a stamp records them. */
export function hashInputs(root, paths) {
  return Object.fromEntries(paths.map((path) => [path, hashPath(root, path)]));
}

export function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
    if (stamp.version === STAMP_VERSION && stamp.targets && typeof stamp.targets === 'object') return stamp;
  } catch {
    // No stamp or an unreadable one: nothing is known to be fresh.
  }
  return { version: STAMP_VERSION, targets: {} };
}

export function writeStamp(root, stamp) {
  // The first target may write outside dist/ (the protocol package builds into its own folder), so
  // on a fresh clone dist/ may not exist yet when the first stamp is saved.
  const file = join(root, STAMP_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...stamp, version: STAMP_VERSION }, null, 2)}\n`);
}

/**
 * Why `entry` (a target's record in the stamp) must be rebuilt, or null when it is fresh: built
 * with the same config and lock file (`key`), its outputs all there, its inputs as they were after
 * its last build.
 */
export function staleReason(root, key, entry) {
  if (!entry) return 'never built';
  if (entry.key !== key) return 'the build config, scripts/, package.json or package-lock.json changed';
  const missing = entry.outputs.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  const changed = Object.entries(entry.inputs).find(([path, hash]) => hashPath(root, path) !== hash);
  return changed ? `${changed[0]} changed` : null;
}
