import type { RollupOptions } from 'rollup';

/** Rollup configs for the woocommerce artifacts; rollup.config.ts appends them after the core builds. */
export const woocommerceBuilds: RollupOptions[] = [];
