import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumLaunchOptions } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The WebSocket endpoints of the run's Chromiums, one per worker: `launchChromium()` connects
     * to the one of its worker (VITEST_POOL_ID). Absent in projects without this global setup,
     * where each file launches its own.
     */
    chromiumEndpoints?: string[];
  }
}

/**
 * Vitest global setup: one headless Chromium per worker for the whole run instead of one per test
 * file. Starting Chromium costs about a CPU-second each time, and some twenty files need it. One
 * per worker rather than one for all: a file's pages never share a browser process (and its GPU
 * process) with the file another worker runs at the same time, as with a Chromium per file, so a
 * heavy page (the face tests' video) cannot stall the other worker's pages. Every test still gets
 * its own browser context (fresh cookies, storage and cache) through its connection.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workers = Math.max(1, project.config.maxWorkers ?? 1);
  const servers: BrowserServer[] = [];
  try {
    for (let i = 0; i < workers; i++) servers.push(await chromium.launchServer(chromiumLaunchOptions()));
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  project.provide('chromiumEndpoints', servers.map((server) => server.wsEndpoint()));
  return async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
}
