import type { Environment } from './environment.js';

/** Idle time where the browser reports it, else a short delay; injected timers keep tests in control. */
export function whenIdle(win: (Window & typeof globalThis) | undefined, env: Environment, task: () => void): () => void {
  if (win?.requestIdleCallback) {
    const handle = win.requestIdleCallback(task, { timeout: 3000 });
    return () => win.cancelIdleCallback(handle);
  }
  const handle = env.timers.setTimeout(task, 500);
  return () => env.timers.clearTimeout(handle);
}
