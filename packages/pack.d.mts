// Types of packages/pack.mjs for the tests that stage and pack the packages.

/** The repository root. */
export declare const ROOT: string;
/** Folder of packages/ for each package, by its short name. */
export declare const PACKAGES: { widget: string; server: string; protocol: string };
export type PackageName = keyof typeof PACKAGES;
/** The declaration files an entry reaches through relative imports (project-relative paths), not following those in `stop`. */
export declare function declarationClosure(entry: string, stop?: ReadonlySet<string>): string[];
/** Writes package `name` (package.json, README, shipped files) into `dir`; returns `dir`. */
export declare function stagePackage(name: PackageName, dir?: string): Promise<string>;
/** What `npm pack --json` reports of one package. */
export interface PackResult {
  name: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}
/** `npm pack` of a staged folder (lifecycle scripts off) into `out`, or a dry run. */
export declare function npmPack(dir: string, options?: { out?: string; dryRun?: boolean }): PackResult;
