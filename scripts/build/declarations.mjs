// Type declarations for `npm run build` (the package's dist/types and dist/react): one TypeScript
// program over src/ and the React adapter, so the project is checked once rather than twice.
// `npm start` skips this step: the demo runs JavaScript only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

const REACT_SRC = 'adapters/shopify/react';

/**
 * dist/react's declarations import the core from the package's own dist/types (`../types/…js`),
 * and relative imports get the `.js` extension that Node-style resolution asks of ES modules.
 */
function reactDeclaration(text) {
  return text
    .replace(/(['"])(?:\.\.\/){3}src\/([^'"]*)\1/g, (_, q, path) => `${q}../types/${path}.js${q}`)
    .replace(/(['"])(\.\/[^'"]+?)(?<!\.js)\1/g, '$1$2.js$1');
}

function format(diagnostics, root) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
}

/**
 * Writes dist/types/** (tsconfig.build.json's files) and dist/react/*.d.ts, and resolves with the
 * project files the program read (the step's inputs) and the files written. Throws with the
 * compiler's messages when the project does not type-check.
 */
export function writeDeclarations(root) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(format([d], root)); } };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, host);
  if (!parsed) throw new Error('build: cannot read tsconfig.build.json');
  const reactEntry = join(root, REACT_SRC, 'index.ts');
  // rootDir is the project, so each emitted name says where its source lives; writeFile below
  // routes it to dist/types or dist/react.
  const options = { ...parsed.options, rootDir: root, declarationDir: join(root, 'dist/.declarations') };
  const program = ts.createProgram([...parsed.fileNames, reactEntry], options);
  const written = [];
  const writeFile = (fileName, text) => {
    const source = relative(options.declarationDir, fileName).split(sep).join('/');
    let target;
    if (source.startsWith('src/')) target = join('dist/types', source.slice('src/'.length));
    else if (source.startsWith(`${REACT_SRC}/`)) target = join('dist/react', basename(source));
    else return;
    const out = join(root, target);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, target.startsWith('dist/react') ? reactDeclaration(text) : text);
    written.push(target.split(sep).join('/'));
  };
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit(undefined, writeFile, undefined, true).diagnostics];
  if (diagnostics.length > 0) throw new Error(`build: declarations failed\n${format(diagnostics, root)}`);
  if (!written.includes('dist/react/index.d.ts')) throw new Error('build: no declarations for dist/react/index.d.ts');
  const inputs = program
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((file) => !file.includes('/node_modules/'));
  return { inputs: [...inputs, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')], written };
}
