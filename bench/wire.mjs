// 3. Wire overhead, in Chromium on one page: `await widget.send(text)` (resolves on the server's
// ack) against bare socket.io-client `emitWithAck('chat-message', payload)` to the same server,
// alternating, each waiting for the echo response before the next so neither overlaps the other.
// Also, through each UI: a message sent until its echo is in the DOM, ours against rasa-webchat.
import { ratio, spread, summary, table, within } from './lib/stats.mjs';

async function widgetVsBare(page, rounds, warmup) {
  return page.evaluate(async ({ rounds, warmup }) => {
    const widget = window.AIDiscovery.init({ socketUrl: location.origin, storage: 'memory' });
    const responses = new Map();
    const waitResponse = (map, text) => new Promise((resolve) => map.set(text, resolve));
    widget.on('response', (r) => responses.get(r.response)?.(performance.now()));
    const sessionId = crypto.randomUUID();
    const socket = window.io(location.origin, { auth: { sessionId, client: 'bench' }, transports: ['websocket'], reconnection: false });
    const bareResponses = new Map();
    socket.on('chat-response', (r) => bareResponses.get(r.response)?.(performance.now()));
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
    const ack = { widget: [], bare: [] };
    const full = { widget: [], bare: [] };
    for (let i = 0; i < warmup + rounds; i += 1) {
      const record = i >= warmup;
      {
        const text = `w${i}`;
        const got = waitResponse(responses, text);
        const t0 = performance.now();
        await widget.send(text);
        const t1 = performance.now();
        const t2 = await got;
        if (record) { ack.widget.push(t1 - t0); full.widget.push(t2 - t0); }
      }
      {
        const text = `b${i}`;
        const got = waitResponse(bareResponses, text);
        const t0 = performance.now();
        const a = await socket.emitWithAck('chat-message', { id: crypto.randomUUID(), sessionId, text, sentAt: Date.now() });
        const t1 = performance.now();
        if (!a.ok) throw new Error(JSON.stringify(a));
        const t2 = await got;
        if (record) { ack.bare.push(t1 - t0); full.bare.push(t2 - t0); }
      }
    }
    widget.destroy();
    socket.disconnect();
    return { ack, full };
  }, { rounds, warmup });
}

/** Through each widget's own UI: submit a message, wait until the echo is rendered. */
async function uiRoundTrip(page, kind, rounds, warmup) {
  return page.evaluate(async ({ kind, rounds, warmup }) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const times = [];
    let root; let send;
    if (kind === 'widget') {
      const widget = window.AIDiscovery.init({ socketUrl: location.origin, storage: 'memory', startOpen: true });
      root = document.querySelector('[data-ai-discovery]').shadowRoot;
      send = (text) => { widget.send(text); };
    } else {
      const launcher = await new Promise((resolve) => {
        const t = setInterval(() => { const l = document.querySelector('.rw-launcher'); if (l) { clearInterval(t); resolve(l); } }, 10);
      });
      launcher.click();
      const input = await new Promise((resolve) => {
        const t = setInterval(() => { const el = document.querySelector('.rw-new-message'); if (el) { clearInterval(t); resolve(el); } }, 10);
      });
      root = document.querySelector('.rw-widget-container') ?? document.body;
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value').set;
      send = (text) => {
        setter.call(input, text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.closest('form').requestSubmit();
      };
    }
    const replySelector = kind === 'widget' ? '.msg.assistant' : '.rw-response';
    const rendered = (text) => new Promise((resolve) => {
      const check = () => {
        const all = root.querySelectorAll(replySelector);
        const last = all[all.length - 1];
        return last && last.textContent.includes(text);
      };
      const mo = new MutationObserver(() => { if (check()) { mo.disconnect(); resolve(performance.now()); } });
      mo.observe(root, { childList: true, subtree: true, characterData: true });
    });
    for (let i = 0; i < warmup + rounds; i += 1) {
      const text = `ui${i}z`;
      const done = rendered(text);
      const t0 = performance.now();
      send(text);
      const t1 = await done;
      await frame();
      if (i >= warmup) times.push(t1 - t0);
    }
    return times;
  }, { kind, rounds, warmup });
}

export async function measureWire({ browser, server, rounds = 400, warmup = 30, uiRounds = 100, peer = true }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/bare.html`);
    const r = await within(widgetVsBare(page, rounds, warmup), 120_000, 'wire round trips');
    const s = { ackWidget: summary(r.ack.widget), ackBare: summary(r.ack.bare), fullWidget: summary(r.full.widget), fullBare: summary(r.full.bare) };
    const ui = {};
    const uiPage = await context.newPage();
    await uiPage.goto(`${server.url}/bare.html`);
    ui.widget = summary(await within(uiRoundTrip(uiPage, 'widget', uiRounds, 10), 60_000, 'widget UI round trips'));
    if (peer) {
      const peerPage = await context.newPage();
      await peerPage.goto(`${server.url}/peer.html`);
      ui.peer = summary(await within(uiRoundTrip(peerPage, 'peer', uiRounds, 10), 60_000, 'peer UI round trips'));
    }
    const p = (x) => `${x.median.toFixed(2)} ms / ${x.p99.toFixed(2)} ms`;
    const markdown = [
      `In Chromium, one page (\`/bare.html\` with the CDN bundle and \`socket.io.min.js\` 4.8.4), one chat server on 127.0.0.1 with an echo responder (rate limits off). ${rounds} messages each after ${warmup} warm-up, widget and bare client alternating; each waits for its echo \`chat-response\` before the next message.`,
      '',
      table(['round trip (median / p99)', 'widget', 'bare socket.io-client', 'widget / bare (median)', 'widget / bare (p99)', 'widget p5–p95', 'bare p5–p95'], [
        ['send → server ack (`widget.send` vs `emitWithAck`)', p(s.ackWidget), p(s.ackBare), ratio(s.ackWidget.median, s.ackBare.median), ratio(s.ackWidget.p99, s.ackBare.p99), spread(s.ackWidget, ' ms'), spread(s.ackBare, ' ms')],
        ['send → echo response received', p(s.fullWidget), p(s.fullBare), ratio(s.fullWidget.median, s.fullBare.median), ratio(s.fullWidget.p99, s.fullBare.p99), spread(s.fullWidget, ' ms'), spread(s.fullBare, ' ms')],
      ]),
      '',
      `Through each widget's UI (open panel, message sent, until the echo is in the DOM; ${uiRounds} messages after 10 warm-up; ours: \`widget.send\` with the panel open; rasa-webchat: its input and form submit, against its Socket.IO stand-in (\`user_uttered\` → \`bot_uttered\` echo) with its reply delay set to 0):`,
      '',
      table(['UI round trip', 'median', 'p5–p95', 'p99'], [
        ['our widget', `${ui.widget.median.toFixed(2)} ms`, spread(ui.widget, ' ms'), `${ui.widget.p99.toFixed(2)} ms`],
        ...(ui.peer ? [['rasa-webchat@1.0.1', `${ui.peer.median.toFixed(2)} ms`, spread(ui.peer, ' ms'), `${ui.peer.p99.toFixed(2)} ms`], ['ours / peer', ratio(ui.widget.median, ui.peer.median), '', ratio(ui.widget.p99, ui.peer.p99)]] : []),
      ]),
    ];
    return { summary: s, ui, markdown: markdown.join('\n') };
  } finally {
    await context.close();
  }
}
