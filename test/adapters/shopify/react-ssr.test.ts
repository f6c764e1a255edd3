import { createElement, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

/*
 * Server rendering in Node with no DOM at all: the component and the hook must render, and our
 * code must not so much as look at a browser global. Every browser global is a trap recording who
 * read it; third-party feature probes inside node_modules (engine.io-client's `typeof navigator`
 * at import) are allowed, anything from our source is not.
 */
const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'self', 'HTMLElement', 'requestIdleCallback', 'customElements'];

function trapBrowserGlobals() {
  const readers: string[] = [];
  const installed: string[] = [];
  for (const name of BROWSER_GLOBALS) {
    const existing = Object.getOwnPropertyDescriptor(globalThis, name);
    if (existing) throw new Error(`${name} exists in this environment; this test needs plain Node`);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        // The frame that read the global: our files or a dependency's.
        const caller = new Error().stack?.split('\n')[2] ?? '';
        readers.push(`${name} ${caller.trim()}`);
        return undefined;
      },
    });
    installed.push(name);
  }
  return {
    ours: () => readers.filter((r) => !r.includes('/node_modules/')),
    restore: () => installed.forEach((name) => delete (globalThis as Record<string, unknown>)[name]),
  };
}

describe('ai-discovery-widget/react on a server', () => {
  it('renders the component and the hook with renderToString, touching no browser global', async () => {
    const trap = trapBrowserGlobals();
    try {
      const { AIDiscoveryWidget, useAIDiscovery } = await import('../../../adapters/shopify/react/index');
      function Status() {
        const chat = useAIDiscovery();
        return createElement('p', { 'data-status': chat.status }, `open: ${String(chat.isOpen)}, unread: ${chat.unread}`);
      }
      const html = renderToString(
        createElement(
          StrictMode,
          null,
          createElement(
            AIDiscoveryWidget,
            { socketUrl: 'https://chat.example.com', context: { platform: 'shopify', product: { id: '42' } }, startOpen: true, onReady: () => {} },
            createElement(Status),
          ),
        ),
      );
      // Only the children: the widget itself renders in the browser, after hydration.
      expect(html).toBe('<p data-status="idle">open: true, unread: 0</p>');
      expect(trap.ours()).toEqual([]);
    } finally {
      trap.restore();
    }
  });

  it('renders nothing of its own without children', async () => {
    const { AIDiscoveryWidget } = await import('../../../adapters/shopify/react/index');
    expect(renderToString(createElement(AIDiscoveryWidget, { socketUrl: 'https://chat.example.com' }))).toBe('');
  });

  it('says what to do when useAIDiscovery() has no widget above it', async () => {
    const { useAIDiscovery } = await import('../../../adapters/shopify/react/index');
    function Orphan() {
      useAIDiscovery();
      return null;
    }
    expect(() => renderToString(createElement(Orphan))).toThrow(/inside <AIDiscoveryWidget>/);
  });
});
