import { installGlobal } from './global';

/*
 * Entry of the script-tag bundle (dist/cdn/ai-discovery.js). It exports nothing, so the IIFE
 * assigns no global of its own: installGlobal decides whether to replace `AIDiscovery`, which keeps
 * a second copy of the bundle from clobbering the first.
 */

// Read at top level: document.currentScript is this bundle's tag only while it first runs.
installGlobal(globalThis as { AIDiscovery?: unknown }, typeof document === 'undefined' ? null : document.currentScript);
