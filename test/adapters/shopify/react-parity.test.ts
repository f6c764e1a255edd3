import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EVENT_PROPS, OPTION_UPDATES } from '../../../adapters/shopify/react/options';

/*
 * Parity between the core and the React component: every core option is passed through (with a
 * decided update behaviour) and every core event has its callback prop. The core's lists come
 * from its TypeScript declarations, read with the compiler, so a new option or event fails here
 * until the component handles it (the `satisfies` clauses fail the type check as well).
 */
let program: ts.Program | undefined;

function membersOf(interfaceName: string): string[] {
  program ??= ts.createProgram(['src/index.ts'], { strict: true, noEmit: true, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile('src/index.ts')!)!;
  const exported = checker.getExportsOfModule(entry).find((s) => s.name === interfaceName);
  if (!exported) throw new Error(`src/index.ts does not export ${interfaceName}`);
  const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(exported));
  return type.getProperties().map((p) => p.name).sort();
}

describe('ai-discovery-widget/react keeps up with the core', () => {
  it('handles every WidgetOptions key', () => {
    const options = membersOf('WidgetOptions');
    expect(options.length).toBeGreaterThan(20);
    expect(Object.keys(OPTION_UPDATES).sort()).toEqual(options);
  });

  it('has a callback prop for every WidgetEvents event', () => {
    const events = membersOf('WidgetEvents');
    expect(events).toContain('add-to-cart');
    expect(Object.keys(EVENT_PROPS).sort()).toEqual(events);
    // onAddToCart, onFaceAnalysis...: `on` and the event name in camel case.
    for (const [event, prop] of Object.entries(EVENT_PROPS)) {
      expect(prop).toBe(`on${event.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`);
    }
  });
});
