// 7. Abuse: one address floods the HTTP API (fresh session ids) and Socket.IO (new sessions, as
// many messages as acknowledged) while another shopper chats. The shopper's answer latency during
// the flood is compared with the same shopper on the same server before the flood, in one run.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { ratio, spread, summary, table, within } from './lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const FLOODER = '203.0.113.66';

function once(proc, type, ms, what) {
  return within(new Promise((resolve) => proc.on('message', (m) => m.type === type && resolve(m))), ms, what);
}

/** One connected shopper (its own address) that sends `count` messages one after another, timing each answer. */
async function shopperLatencies(url, address, count) {
  const sessionId = `shopper-${randomUUID()}`;
  const socket = io(url, { auth: { sessionId, client: 'bench' }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': address } });
  await within(new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); }), 10_000, 'shopper connect');
  const times = [];
  const refused = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const id = randomUUID();
      const t0 = performance.now();
      const answered = new Promise((resolve) => {
        const on = (r) => { if (r.replyTo === id) { socket.off('chat-response', on); resolve(); } };
        socket.on('chat-response', on);
      });
      const ack = await within(socket.emitWithAck('chat-message', { id, sessionId, text: `question ${i}`, sentAt: Date.now() }), 10_000, 'shopper ack');
      if (!ack.ok) { refused.push(ack.error?.code); continue; }
      await within(answered, 10_000, 'shopper answer');
      times.push(performance.now() - t0);
    }
  } finally {
    socket.close();
  }
  return { times, refused };
}

export async function measureAbuse({ durationMs = 4000, messages = 25 } = {}) {
  const server = fork(here('abuse/server-child.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let flood;
  try {
    const { port } = await once(server, 'ready', 30_000, 'abuse server ready');
    const url = `http://127.0.0.1:${port}`;
    const idle = await shopperLatencies(url, '198.51.100.1', messages);
    flood = fork(here('abuse/flood-child.mjs'), [url, FLOODER, String(durationMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const done = once(flood, 'done', durationMs + 30_000, 'flood done');
    let floodOver = false;
    done.then(() => (floodOver = true), () => undefined);
    // Let the flood get going before the shopper starts, and keep the shopper inside it.
    await new Promise((r) => setTimeout(r, 300));
    const flooded = await shopperLatencies(url, '198.51.100.2', messages);
    const floodStillRunning = !floodOver;
    const { counts } = await done;
    const a = summary(idle.times);
    const b = summary(flooded.times);
    const http = counts.http;
    const httpTotal = Object.values(http).reduce((n, v) => n + v, 0);
    const httpRefused = (http['429'] ?? 0) + (http['503'] ?? 0);
    const sent = counts.socketMessages.ok + counts.socketMessages.refused;
    const markdown = [
      `The reference server (\`createChatServer\`, default limits, \`trustProxy: true\` so that clients on loopback are told apart by \`X-Forwarded-For\`, a responder taking 20 ms per answer) in its own process. One address (${FLOODER}) floods it for ${(durationMs / 1000).toFixed(0)} s from another process: 12 HTTP workers posting messages with a fresh session id each, and 4 Socket.IO workers opening a new session every 10 messages and sending as fast as acknowledgements come. A shopper from another address sends ${messages} messages one after another (within its session's burst of 30), first on the idle server, then during the flood (${floodStillRunning ? 'the flood was still running when the shopper finished' : 'the flood ended before the shopper finished'}).`,
      '',
      table(['', 'idle server', 'during the flood', 'flood / idle'], [
        ['shopper answer latency (send to chat-response), median (p5–p95)', spread(a, ' ms'), spread(b, ' ms'), ratio(b.median, a.median)],
        ['shopper answer latency, p95', `${a.p95.toFixed(1)} ms`, `${b.p95.toFixed(1)} ms`, ratio(b.p95, a.p95)],
        ['shopper messages refused', String(idle.refused.length), String(flooded.refused.length), ''],
      ]),
      '',
      table(['the flood', 'sent', 'refused', 'accepted (answered)'], [
        ['HTTP API messages (fresh session each)', String(httpTotal), `${httpRefused} (${Object.entries(http).filter(([k]) => k !== '200').map(([k, v]) => `${v} × ${k}`).join(', ') || 'none'})`, String(http['200'] ?? 0)],
        ['Socket.IO handshakes (new session each)', String(counts.handshakes.ok + counts.handshakes.refused), String(counts.handshakes.refused), String(counts.handshakes.ok)],
        ['Socket.IO messages', String(sent), String(counts.socketMessages.refused), String(counts.socketMessages.ok)],
      ]),
      '',
      `Of ${httpTotal + sent} flood messages, ${(http['200'] ?? 0) + counts.socketMessages.ok} reached the responder: the address's 30 new sessions per 10 minutes and its 60-message burst (then 1 per second) bound them, whatever the transport.`,
    ].join('\n');
    return { markdown, idle: a, flooded: b, counts };
  } finally {
    flood?.kill('SIGKILL');
    server.send({ type: 'close' });
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

// `node bench/abuse.mjs` runs this section alone and prints it.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { markdown } = await measureAbuse();
  console.log(markdown);
}
