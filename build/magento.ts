import type { RollupOptions } from 'rollup';

/** Rollup configs for the magento artifacts; rollup.config.ts appends them after the core builds. */
export const magentoBuilds: RollupOptions[] = [];
