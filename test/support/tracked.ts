import { afterEach } from 'vitest';

/**
 * What a test file starts and must stop: widgets destroyed, then proxies and servers closed after
 * each test, and the page emptied. Push into the arrays; the teardown is registered once here.
 */
export function tracked() {
  const t = {
    servers: [] as { close(): Promise<void> }[],
    proxies: [] as { close(): Promise<void> }[],
    widgets: [] as { destroy(): void }[],
  };
  afterEach(async () => {
    t.widgets.splice(0).forEach((w) => w.destroy());
    await Promise.all(t.proxies.splice(0).map((p) => p.close()));
    await Promise.all(t.servers.splice(0).map((s) => s.close()));
    if (typeof document !== 'undefined') document.body.replaceChildren();
  });
  return t;
}
