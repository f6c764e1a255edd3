import type { RollupOptions } from 'rollup';

/** Rollup configs for the shopify artifacts; rollup.config.ts appends them after the core builds. */
export const shopifyBuilds: RollupOptions[] = [];
