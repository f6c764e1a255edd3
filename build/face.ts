import type { RollupOptions } from 'rollup';

/** Rollup configs for the face artifacts; rollup.config.ts appends them after the core builds. */
export const faceBuilds: RollupOptions[] = [];
