import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

// The rules of docs/ARCHITECTURE.md, over the real import graph of src/ and adapters/. The rules
// themselves live in .dependency-cruiser.cjs, so `npx depcruise src adapters --config` shows the
// same violations while working.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

let graph: ICruiseResult;

beforeAll(async () => {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  const { output } = await cruise(['src', 'adapters'], { ...options, baseDir: ROOT }, undefined, {
    tsConfig: extractTSConfig(join(ROOT, 'tsconfig.json')),
  });
  graph = output as ICruiseResult;
}, 120_000);

function violationsOf(rule: string): string[] {
  return graph.summary.violations
    .filter((v: IViolation) => v.rule.name === rule)
    .map((v) => (v.cycle ? [v.from, ...v.cycle.map((step) => step.name)].join(' -> ') : `${v.from} -> ${v.to}`));
}

describe('architecture: the import rules', () => {
  it('sees the whole graph: every local import resolves and the widget loads face analysis by import()', () => {
    // Without this, an unresolved path or a parser that missed dynamic imports would make every
    // rule below pass on an empty graph.
    expect(graph.summary.totalCruised).toBeGreaterThan(200);
    const unresolved = graph.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source} -> ${d.module}`));
    expect(unresolved).toEqual([]);
    const faceLoads = graph.modules
      .filter((m) => m.source.startsWith('src/widget/'))
      .flatMap((m) => m.dependencies.filter((d) => d.resolved === 'src/face/index.ts'));
    expect(faceLoads.length).toBeGreaterThan(0);
    for (const load of faceLoads) expect(load.dependencyTypes).toContain('dynamic-import');
  });

  it('has no import cycles in src/ or adapters/, type-only imports included', () => {
    expect(violationsOf('no-circular')).toEqual([]);
  });

  it('keeps the core free of adapters', () => {
    expect(violationsOf('core-not-to-adapters')).toEqual([]);
  });

  it('loads face analysis only by dynamic import', () => {
    expect(violationsOf('face-only-dynamic')).toEqual([]);
  });

  it('keeps the server away from browser code, and browser code away from the server', () => {
    expect(violationsOf('server-no-browser-code')).toEqual([]);
    expect(violationsOf('browser-not-to-server')).toEqual([]);
  });

  it('takes the protocol from its entry in browser code, the way the widget\'s ES modules import ai-discovery-protocol', () => {
    expect(violationsOf('protocol-through-entry')).toEqual([]);
  });

  it('keeps the UI away from the connection, the socket and the widget', () => {
    expect(violationsOf('ui-not-to-connection')).toEqual([]);
  });

  it('reports nothing else', () => {
    expect(graph.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });
});

/** Browser globals the Node server must not touch, whichever way it reaches them. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'customElements', 'HTMLElement']);

function serverFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return serverFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Where a browser global is read: `window.x`, `typeof document`, `globalThis.navigator`. The files
 * are bound without any lib, so a name the checker cannot find among their own declarations is a
 * global (a local `document`, such as a parsed XML document, is not).
 */
function browserGlobalUses(files: readonly string[]): string[] {
  const program = ts.createProgram(files, { noLib: true, noResolve: true, types: [], jsx: ts.JsxEmit.Preserve });
  const checker = program.getTypeChecker();
  const uses: string[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && BROWSER_GLOBALS.has(node.text) && readsGlobal(node, checker)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        uses.push(`${relative(ROOT, file)}:${line + 1} ${node.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

/** False where the name is a property or key, or resolves to a declaration of these files. */
function readsGlobal(node: ts.Identifier, checker: ts.TypeChecker): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && (ts.isPropertyAccessExpression(parent) ? parent.name : parent.right) === node) {
    const owner = ts.isPropertyAccessExpression(parent) ? parent.expression : parent.left;
    return ts.isIdentifier(owner) && owner.text === 'globalThis';
  }
  if (ts.isShorthandPropertyAssignment(parent)) return (checker.getShorthandAssignmentValueSymbol(parent)?.declarations?.length ?? 0) === 0;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === node) return false;
  return (checker.getSymbolAtLocation(node)?.declarations?.length ?? 0) === 0;
}

describe('architecture: the server has no DOM', () => {
  it('reads no browser global in src/server', () => {
    const files = serverFiles(join(ROOT, 'src/server'));
    expect(files.length).toBeGreaterThan(50);
    expect(browserGlobalUses(files)).toEqual([]);
  });
});
