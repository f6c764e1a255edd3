// 4. Leaks: mount, connect, open (panel rendered) and destroy, 200 times in one page. Heap after
// a forced GC, DOM counters and the event listeners on window and document, before and after;
// and the chat server's open connections afterwards.
import { heapAfterGc } from './lib/chromium.mjs';
import { sleep, table, within } from './lib/stats.mjs';

async function cycles(page, count) {
  return page.evaluate(async (count) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let i = 0; i < count; i += 1) {
      const widget = window.AIDiscovery.init({ socketUrl: location.origin });
      if (widget.status !== 'connected') {
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`cycle ${i}: not connected in 5 s (${widget.status})`)), 5000);
          const off = widget.on('status', (s) => { if (s === 'connected') { clearTimeout(timer); off(); resolve(); } });
        });
      }
      widget.open();
      const root = document.querySelector('[data-ai-discovery]').shadowRoot;
      for (let f = 0; f < 100 && !root.querySelector('.panel'); f += 1) await frame();
      if (!root.querySelector('.panel')) throw new Error(`cycle ${i}: panel never rendered`);
      widget.destroy();
    }
    return document.querySelectorAll('[data-ai-discovery]').length;
  }, count);
}

async function snapshot(cdp) {
  const heap = await heapAfterGc(cdp);
  const counters = await cdp.send('Memory.getDOMCounters');
  const listeners = {};
  for (const target of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    const { listeners: list } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    listeners[target] = list.length;
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
  return { heap, ...counters, listeners };
}

export async function measureLeaks({ browser, server, count = 200, warmup = 10 }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}/bare.html`);
    await within(cycles(page, warmup), 60_000, 'leak warm-up'); // code compiled, panel chunk cached
    await sleep(300);
    const before = await snapshot(cdp);
    const t0 = Date.now();
    const hostsLeft = await within(cycles(page, count), 180_000, 'leak cycles');
    const elapsed = Date.now() - t0;
    await sleep(500); // let closing sockets finish on both ends
    const after = await snapshot(cdp);
    const serverSockets = server.chatServer.io.engine.clientsCount;
    const d = (k) => after[k] - before[k];
    const markdown = [
      `One page (\`/bare.html\`), ${warmup} warm-up cycles, then ${count} cycles of \`AIDiscovery.init()\` → status \`connected\` → \`open()\` → panel rendered → \`destroy()\` (${elapsed} ms in all, ${(elapsed / count).toFixed(1)} ms per cycle). Measured after \`HeapProfiler.collectGarbage\` (twice).`,
      '',
      table(['', `before (after ${warmup} warm-up cycles)`, `after ${count} more cycles`, 'change', 'per cycle'], [
        ['JS heap used', `${before.heap} B`, `${after.heap} B`, `${d('heap') >= 0 ? '+' : ''}${d('heap')} B`, `${(d('heap') / count).toFixed(0)} B`],
        ['DOM nodes (Memory.getDOMCounters)', before.nodes, after.nodes, d('nodes'), (d('nodes') / count).toFixed(2)],
        ['JS event listeners (Memory.getDOMCounters)', before.jsEventListeners, after.jsEventListeners, d('jsEventListeners'), (d('jsEventListeners') / count).toFixed(2)],
        ['documents', before.documents, after.documents, d('documents'), ''],
        ['listeners on window (DOMDebugger)', before.listeners.window, after.listeners.window, after.listeners.window - before.listeners.window, ''],
        ['listeners on document (DOMDebugger)', before.listeners.document, after.listeners.document, after.listeners.document - before.listeners.document, ''],
        ['`[data-ai-discovery]` hosts left in the page', '', hostsLeft, '', ''],
        ['sockets open on the chat server', '', serverSockets, '', ''],
      ]),
    ];
    return { before, after, hostsLeft, serverSockets, elapsed, markdown: markdown.join('\n') };
  } finally {
    await context.close();
  }
}
