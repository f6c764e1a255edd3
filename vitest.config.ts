import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Browser and socket tests start real servers and Chromium: give them room on a shared,
    // two-core machine, and never time a pass/fail on speed.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
