import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The built `ai-discovery-widget/react` as an app gets it (`npm test` builds first). */
const JS = readFileSync('dist/react/index.js', 'utf8');

describe('dist/react', () => {
  it('imports React and the package\'s own ESM core, and bundles neither', () => {
    const imports = [...JS.matchAll(/^import\s[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['../esm/index.js', 'react']);
    expect(JS).not.toMatch(/emitWithAck|class AIDiscoveryWidget|__SECRET_INTERNALS|react\.development/);
    // React Server Components hosts (Next.js) need the marker to keep it on the client.
    expect(JS.startsWith("'use client';")).toBe(true);
  });

  it('declarations point at the package\'s own types, never at the sources', () => {
    for (const file of ['index.d.ts', 'component.d.ts', 'options.d.ts']) {
      const text = readFileSync(join('dist/react', file), 'utf8');
      expect(text, file).not.toMatch(/src\//);
      for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g)) expect(spec, `${file}: ${spec}`).toMatch(/\.js$/);
    }
  });

  it('type-checks in a consumer app (bundler resolution, by package name) and rejects wrong props', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aid-react-consumer-'));
    try {
      mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
      symlinkSync(resolve('.'), join(dir, 'node_modules/ai-discovery-widget'), 'dir');
      symlinkSync(resolve('node_modules/react'), join(dir, 'node_modules/react'), 'dir');
      symlinkSync(resolve('node_modules/@types/react'), join(dir, 'node_modules/@types/react'), 'dir');
      const app = join(dir, 'app.tsx');
      writeFileSync(app, `
import { useRef } from 'react';
import { AIDiscoveryWidget as Core } from 'ai-discovery-widget';
import { AIDiscoveryWidget, useAIDiscovery, type AIDiscoveryHandle, type AddToCartEvent, type ConnectionStatus } from 'ai-discovery-widget/react';

function Ask() {
  const chat = useAIDiscovery();
  const core: Core = chat.widget;
  const status: ConnectionStatus = chat.status;
  return <button onClick={() => void chat.send('hi').then((r) => r.id)} disabled={!core || status !== 'connected'}>{chat.unread}</button>;
}

export function App() {
  const ref = useRef<AIDiscoveryHandle>(null);
  const add = async (event: AddToCartEvent) => { await fetch('/cart/add.js', { method: 'POST', body: JSON.stringify({ items: [{ id: event.variantId, quantity: event.quantity }] }) }); };
  return (
    <AIDiscoveryWidget ref={ref} socketUrl="https://chat.example.com" context={{ platform: 'shopify', product: { id: '1' } }}
      addToCart={add} onResponse={(r) => r.blocks} onStatus={(s) => s === 'failed' && ref.current?.reconnect()} onFaceAnalysis={(a) => a}>
      <Ask />
    </AIDiscoveryWidget>
  );
}

// @ts-expect-error socketUrl is a string
export const wrongOption = <AIDiscoveryWidget socketUrl={42} />;
// @ts-expect-error there is no such event
export const wrongEvent = <AIDiscoveryWidget onSomethingElse={() => {}} />;
// @ts-expect-error onStatus receives a ConnectionStatus
export const wrongCallback = <AIDiscoveryWidget onStatus={(s: number) => s} />;
`);
      const program = ts.createProgram([app], {
        strict: true,
        noEmit: true,
        jsx: ts.JsxEmit.ReactJSX,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        // The core's and React's own declarations are theirs to check; an unresolved import in
        // ours would still surface through the @ts-expect-error lines going unused.
        skipLibCheck: true,
      });
      const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
