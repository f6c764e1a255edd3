import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { EnvironmentSequencer } from './test/support/environment-sequencer';

/**
 * Folders whose files drive a real Chromium (or sit beside files that do): they share the run's one
 * Chromium, launched by the global setup only when one of these files runs. By folder, not by file,
 * so that a new browser test lands here without editing this list.
 */
const BROWSER_FOLDERS = ['test/browser/**', 'test/face/**', 'test/adapters/**'];
const TEST_FILES = 'test/**/*.test.{ts,tsx}';

export default defineConfig({
  test: {
    // No include here: the projects extend this config, and arrays merge, so a root include would
    // put every file in every project.
    environment: 'node',
    // Browser and socket tests start real servers and Chromium: give them room on a shared,
    // two-core machine, and never time a pass/fail on speed.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One module graph per worker instead of one per file: loading socket.io, the server, jsdom and
    // playwright-core again for each of ~160 files cost more CPU than many of their tests (283 node
    // tests of 32 files: 82 CPU-s isolated, 32 without; the import phase of the whole suite went from
    // 123 s to 75 s). The code keeps no module-level state (STYLE.md), and every browser test gets its
    // own browser context. A worker keeps its environment from file to file: the setup file below
    // gives each jsdom file a blank document.
    isolate: false,
    // Both cores: the default (cores - 1) runs the files one after another on two cores. The suite
    // waits on sockets, child processes and Chromium as much as it computes, so two workers overlap.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker is reused only for a file of the same project and environment: group them.
    sequence: { sequencer: EnvironmentSequencer },
    // Without isolation, a worker keeps its environment between files: each file starts on a blank page.
    setupFiles: ['./test/support/fresh-document.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'browser',
          include: BROWSER_FOLDERS.map((folder) => `${folder}/*.test.{ts,tsx}`),
          globalSetup: ['./test/support/chromium-server.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Everything else, so that no test file can fall between the projects
          // (test/suite-setup.test.ts checks it).
          name: 'node',
          include: [TEST_FILES],
          exclude: [...BROWSER_FOLDERS.map((folder) => `${folder}/*`), '**/node_modules/**'],
        },
      },
    ],
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
