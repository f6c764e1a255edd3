// 6. Server: N concurrent simulated widget connections on loopback to the reference chat server,
// then the same to a bare Socket.IO echo server, one after the other in the same run. Each server
// runs in its own process (its memory is its own); clients in two more processes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ratio, summary, table, within } from './lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

function child(file, args = [], execArgv = []) {
  const proc = fork(here(file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox = [];
  const waiters = [];
  proc.on('message', (m) => {
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m); else inbox.push(m);
  });
  const next = (type, ms = 120_000) => {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
    return within(new Promise((resolve) => waiters.push({ type, resolve })), ms, `${file} ${type}`);
  };
  const ask = (msg, reply = msg.type, ms) => { proc.send(msg); return next(reply, ms); };
  const kill = () => { if (proc.exitCode === null) proc.kill('SIGKILL'); };
  return { proc, next, ask, kill };
}

async function loadOne(kind, connections, processes, serialCount, bursts) {
  const server = child('server-load/server-child.mjs', [kind], ['--expose-gc']);
  const clients = [];
  try {
    const { port, memory: mem0 } = await server.next('ready', 30_000);
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < processes; i += 1) clients.push(child('server-load/client-child.mjs'));
    await Promise.all(clients.map((c) => c.next('ready', 30_000)));
    const per = Math.ceil(connections / processes);
    const t0 = performance.now();
    const conn = await Promise.all(clients.map((c) => c.ask({ type: 'connect', url, count: per, concurrency: 50 }, 'connected', 240_000)));
    const connectWall = performance.now() - t0;
    const open = conn.reduce((n, c) => n + c.open, 0);
    const { memory: mem1 } = await server.ask({ type: 'memory' });
    const serial = (await clients[0].ask({ type: 'serial', count: serialCount }, 'serial', 60_000)).times;
    const burst = [];
    for (let b = 0; b < bursts; b += 1) {
      const got = await Promise.all(clients.map((c) => c.ask({ type: 'burst' }, 'burst', 120_000)));
      burst.push(...got.flatMap((g) => g.times));
    }
    const { memory: mem2 } = await server.ask({ type: 'memory' });
    return {
      kind, open, failures: conn.reduce((n, c) => n + c.failures, 0), connectWall,
      connect: summary(conn.flatMap((c) => c.connectTimes)),
      serial: summary(serial), burst: summary(burst), burstLost: burst.filter((t) => !Number.isFinite(t)).length,
      mem0, mem1, mem2,
      rssPer: (mem1.rss - mem0.rss) / Math.max(open, 1), heapPer: (mem1.heapUsed - mem0.heapUsed) / Math.max(open, 1),
    };
  } finally {
    await Promise.all(clients.map((c) => { try { c.proc.send({ type: 'close' }); } catch { /* gone */ } return new Promise((r) => setTimeout(r, 300)); }));
    clients.forEach((c) => c.kill());
    try { server.proc.send({ type: 'close' }); } catch { /* gone */ }
    await new Promise((r) => setTimeout(r, 300));
    server.kill();
  }
}

export async function measureServerLoad({ connections = 2000, processes = 2, serialCount = 300, bursts = 3 }) {
  const reference = await loadOne('reference', connections, processes, serialCount, bursts);
  const bare = await loadOne('bare', connections, processes, serialCount, bursts);
  const ms = (s, k) => `${s[k].toFixed(2)} ms`;
  const row = (label, key, k) => [label, ms(reference[key], k), ms(bare[key], k), ratio(reference[key][k], bare[key][k])];
  const markdown = [
    `${connections} simulated widgets (socket.io-client 4.8.4 in Node, websocket transport, the widget's handshake \`auth\`), split over ${processes} client processes, opened 50 at a time per process against each server in its own process on 127.0.0.1: first the reference server (\`createChatServer\`, echo responder, in-memory sessions, \`rateLimit: false\`, \`maxConnectionsPerIp: false\`), then a bare Socket.IO 4.8.4 server that acks \`chat-message\` and emits the echo \`chat-response\`. All processes share this machine's 2 cores, so the burst figures measure the machine as much as the server.`,
    '',
    table(['', 'reference server', 'bare Socket.IO echo', 'reference / bare'], [
      ['connections open / failed', `${reference.open} / ${reference.failures}`, `${bare.open} / ${bare.failures}`, ''],
      ['time to open all', `${(reference.connectWall / 1000).toFixed(2)} s`, `${(bare.connectWall / 1000).toFixed(2)} s`, ratio(reference.connectWall, bare.connectWall)],
      row('connect time per socket, median', 'connect', 'median'),
      row('connect time per socket, p99', 'connect', 'p99'),
      row(`round trip (ack), one client, ${serialCount} serial messages, others idle: median`, 'serial', 'median'),
      row('same, p99', 'serial', 'p99'),
      row(`round trip (ack), all ${connections} send at once × ${bursts}: median`, 'burst', 'median'),
      row('same, p99', 'burst', 'p99'),
      ['acks lost or refused in bursts', `${reference.burstLost}`, `${bare.burstLost}`, ''],
      ['server RSS idle → with all connected', `${(reference.mem0.rss / 1048576).toFixed(1)} → ${(reference.mem1.rss / 1048576).toFixed(1)} MB`, `${(bare.mem0.rss / 1048576).toFixed(1)} → ${(bare.mem1.rss / 1048576).toFixed(1)} MB`, ''],
      ['RSS per connection', `${(reference.rssPer / 1024).toFixed(1)} KB`, `${(bare.rssPer / 1024).toFixed(1)} KB`, ratio(reference.rssPer, bare.rssPer)],
      ['JS heap per connection (after GC)', `${(reference.heapPer / 1024).toFixed(1)} KB`, `${(bare.heapPer / 1024).toFixed(1)} KB`, ratio(reference.heapPer, bare.heapPer)],
      ['server RSS after the bursts', `${(reference.mem2.rss / 1048576).toFixed(1)} MB`, `${(bare.mem2.rss / 1048576).toFixed(1)} MB`, ''],
    ]),
  ];
  return { reference, bare, markdown: markdown.join('\n') };
}
