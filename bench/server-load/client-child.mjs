// Simulated widgets in one process: `count` socket.io-client connections (websocket, as the
// widget tries first) with the widget's handshake, driven over IPC by the parent.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const sockets = [];
const connectTimes = [];
let failures = 0;

async function connectAll(url, count, concurrency) {
  let next = 0;
  const one = () => new Promise((resolve) => {
    const sessionId = randomUUID();
    const t0 = performance.now();
    const socket = io(url, { auth: { sessionId, client: 'bench' }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
    socket.sessionId = sessionId;
    socket.once('connect', () => { connectTimes.push(performance.now() - t0); sockets.push(socket); resolve(); });
    socket.once('connect_error', () => { failures += 1; socket.close(); resolve(); });
  });
  const worker = async () => { while (next < count) { next += 1; await one(); } };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function send(socket, text) {
  const t0 = performance.now();
  return socket.timeout(30_000).emitWithAck('chat-message', { id: randomUUID(), sessionId: socket.sessionId, text, sentAt: Date.now() })
    .then((ack) => (ack.ok ? performance.now() - t0 : NaN), () => NaN);
}

process.on('message', async (msg) => {
  if (msg.type === 'connect') {
    const t0 = performance.now();
    await connectAll(msg.url, msg.count, msg.concurrency);
    process.send({ type: 'connected', connectTimes, failures, wallMs: performance.now() - t0, open: sockets.length });
  } else if (msg.type === 'serial') {
    const times = [];
    for (let i = 0; i < msg.count && sockets.length; i += 1) times.push(await send(sockets[0], `serial ${i}`));
    process.send({ type: 'serial', times });
  } else if (msg.type === 'burst') {
    const times = await Promise.all(sockets.map((s, i) => send(s, `burst ${i}`)));
    process.send({ type: 'burst', times });
  } else if (msg.type === 'close') {
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(0), 100);
  }
});
process.send({ type: 'ready' });
