// 5. Conversation cost, in Chromium with the panel open: streamed answers at 200 chunks per second
// (the chat server's `stream:N` responder), and a 1,000-message history restored on page load.
import { heapAfterGc, metrics } from './lib/chromium.mjs';
import { sleep, spread, summary, table, within } from './lib/stats.mjs';

/** Before any page script: the arrival time of every chunk frame, by its `index`. */
const CHUNK_CLOCK = () => {
  window.__arrivals = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Registered before socket.io sets onmessage, so it runs first: the frame's arrival time.
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.includes('"chat-response-chunk"')) {
          const m = /"index":(\d+)/.exec(e.data);
          if (m) window.__arrivals[Number(m[1])] = performance.now();
        }
      });
    }
  };
};

async function stream(page, chunks) {
  return page.evaluate(async (chunks) => {
    const widget = window.__widget;
    const root = document.querySelector('[data-ai-discovery]').shadowRoot;
    window.__arrivals = [];
    const seen = [];
    const frames = [];
    let max = -1;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream: saw ${max + 1} of ${chunks} chunks`)), 30_000);
      const mo = new MutationObserver((records) => {
        const now = performance.now();
        for (const r of records) {
          const text = r.target.textContent ?? '';
          const found = text.match(/w(\d+) ?$/) ?? text.match(/w(\d+)\s*$/);
          if (!found) continue;
          const index = Number(found[1]);
          for (let i = max + 1; i <= index; i += 1) seen[i] = now;
          if (index > max) {
            max = index;
            requestAnimationFrame(() => { for (let i = frames.length; i <= index; i += 1) frames[i] = performance.now(); });
          }
        }
        if (max >= chunks - 1) { clearTimeout(timer); mo.disconnect(); setTimeout(resolve, 50); }
      });
      mo.observe(root, { childList: true, subtree: true, characterData: true });
      widget.send(`stream:${chunks}`);
    });
    const arrivals = window.__arrivals;
    const toDom = []; const toFrame = [];
    for (let i = 0; i < chunks; i += 1) {
      if (arrivals[i] === undefined) continue;
      toDom.push(seen[i] - arrivals[i]);
      if (frames[i] !== undefined) toFrame.push(frames[i] - arrivals[i]);
    }
    return { toDom, toFrame, span: arrivals[chunks - 1] - arrivals[0] };
  }, chunks);
}

export async function measureConversation({ browser, server, streams = 3, chunks = 400, historyPairs = 500, reloads = 5 }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(CHUNK_CLOCK);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}/bare.html`);
    await page.evaluate(async () => {
      const widget = (window.__widget = window.AIDiscovery.init({ socketUrl: location.origin, storage: 'memory', startOpen: true }));
      await new Promise((resolve) => { if (widget.status === 'connected') resolve(); else widget.on('status', (s) => s === 'connected' && resolve()); });
      const root = document.querySelector('[data-ai-discovery]').shadowRoot;
      for (let i = 0; i < 200 && !root.querySelector('.log'); i += 1) await new Promise((r) => setTimeout(r, 10));
    });
    await within(stream(page, 50), 30_000, 'stream warm-up');
    const toDom = []; const toFrame = []; const cost = [];
    for (let i = 0; i < streams; i += 1) {
      const m0 = await metrics(cdp);
      const r = await within(stream(page, chunks), 40_000, 'stream');
      const m1 = await metrics(cdp);
      toDom.push(...r.toDom); toFrame.push(...r.toFrame);
      const busy = (m1.ScriptDuration - m0.ScriptDuration) + (m1.LayoutDuration - m0.LayoutDuration) + (m1.RecalcStyleDuration - m0.RecalcStyleDuration);
      cost.push((busy * 1000) / chunks);
    }
    await page.close();

    // History: send `historyPairs` messages (echoed) with storage kept, then reload and time until
    // all the messages are in the DOM.
    const hist = await context.newPage();
    const hcdp = await context.newCDPSession(hist);
    await hcdp.send('Performance.enable');
    await hist.goto(`${server.url}/bare.html`);
    const sent = await within(hist.evaluate(async (pairs) => {
      const widget = window.AIDiscovery.init({ socketUrl: location.origin, maxStoredMessages: 2 * pairs, storageKey: 'bench-history' });
      let answered = 0;
      widget.on('response', () => { answered += 1; });
      for (let i = 0; i < pairs; i += 1) await widget.send(`history message h${i}`);
      for (let i = 0; i < 500 && answered < pairs; i += 1) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300)); // saved
      widget.destroy();
      return answered;
    }, historyPairs), 120_000, 'history build');
    const renderMs = []; const heaps = []; const counts = [];
    for (let i = 0; i < reloads; i += 1) {
      await hist.goto(`${server.url}/bare.html`);
      const r = await within(hist.evaluate(async (expected) => {
        const t0 = performance.now();
        window.__widget = window.AIDiscovery.init({ socketUrl: location.origin, maxStoredMessages: expected, storageKey: 'bench-history', startOpen: true });
        const root = document.querySelector('[data-ai-discovery]').shadowRoot;
        let count = 0;
        for (let f = 0; f < 600; f += 1) {
          await new Promise((r) => requestAnimationFrame(() => r()));
          count = root.querySelectorAll('.msg').length;
          if (count >= expected) break;
        }
        return { ms: performance.now() - t0, count };
      }, 2 * historyPairs), 30_000, 'history render');
      renderMs.push(r.ms); counts.push(r.count);
      await sleep(200);
      heaps.push(await heapAfterGc(hcdp));
    }
    await hist.close();
    const s = { toDom: summary(toDom), toFrame: summary(toFrame), cost: summary(cost), render: summary(renderMs), heap: summary(heaps) };
    const markdown = [
      `Streaming: ${streams} answers of ${chunks} chunks each at 200 chunks/s (one every 5 ms) into the open panel, after a 50-chunk warm-up. A chunk's time is from its WebSocket frame's arrival (a listener registered ahead of socket.io's) to the MutationObserver callback that sees it in the panel's DOM, and to the next animation frame. Main-thread cost is CDP ScriptDuration + LayoutDuration + RecalcStyleDuration over the whole stream divided by the chunks.`,
      '',
      table(['per streamed chunk', 'median', 'p95', 'p5–p95', 'n'], [
        ['frame arrival → text in DOM', `${s.toDom.median.toFixed(2)} ms`, `${s.toDom.p95.toFixed(2)} ms`, spread(s.toDom, ' ms'), s.toDom.n],
        ['frame arrival → next animation frame', `${s.toFrame.median.toFixed(2)} ms`, `${s.toFrame.p95.toFixed(2)} ms`, spread(s.toFrame, ' ms'), s.toFrame.n],
        ['main-thread time per chunk (script + style + layout)', `${s.cost.median.toFixed(3)} ms`, `${s.cost.p95.toFixed(3)} ms`, `min–max ${s.cost.min.toFixed(3)}–${s.cost.max.toFixed(3)} ms`, `${streams} streams`],
      ]),
      '',
      `History: ${sent} of ${historyPairs} messages sent and echoed through the widget (\`maxStoredMessages: ${2 * historyPairs}\`, local storage), then the page reloaded ${reloads} times; each time from \`AIDiscovery.init({ startOpen: true })\` until the panel shows every message (checked each animation frame; includes loading the panel chunk and the \`session-sync\` round trip), then the heap after GC.`,
      '',
      table([`${2 * historyPairs}-message history`, 'median', 'min–max', 'messages rendered'], [
        ['init → all messages in the DOM', `${s.render.median.toFixed(0)} ms`, `${s.render.min.toFixed(0)}–${s.render.max.toFixed(0)} ms`, [...new Set(counts)].join(', ')],
        ['JS heap after it, after GC', `${(s.heap.median / 1048576).toFixed(2)} MB`, `${(s.heap.min / 1048576).toFixed(2)}–${(s.heap.max / 1048576).toFixed(2)} MB`, ''],
      ]),
    ];
    return { summary: s, counts, markdown: markdown.join('\n') };
  } finally {
    await context.close();
  }
}
