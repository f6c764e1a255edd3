import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumLaunchOptions } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The WebSocket endpoint of the run's one Chromium, which `launchChromium()` connects to;
     * absent in projects without this global setup, where each file launches its own.
     */
    chromiumEndpoint?: string;
  }
}

/**
 * Vitest global setup: one headless Chromium for the whole run instead of one per test file.
 * Starting Chromium costs about a CPU-second each time, and some twenty files need it; every test
 * still gets its own browser context (fresh cookies, storage and cache) through its connection.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer(chromiumLaunchOptions());
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
