// One chat server in its own process, so its memory is its own: the reference server
// (createChatServer, echo responder, limits meant for one shopper per address turned off) or a bare
// Socket.IO server that acks and echoes the same events. Talks to its parent over IPC.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createChatServer, MemorySessionStore } from '../../dist/server/index.js';

const kind = process.argv[2];
let close;
let port;
if (kind === 'reference') {
  const server = createChatServer({
    port: 0, host: '127.0.0.1', respond: async (m) => ({ response: m.text }),
    rateLimit: false, maxConnectionsPerIp: false, logLevel: 'error',
    store: new MemorySessionStore({ maxSessions: 50_000 }),
  });
  await server.ready;
  port = server.port;
  close = () => server.close();
} else {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  let seq = 0;
  io.on('connection', (socket) => {
    socket.on('chat-message', (m, ack) => {
      ack({ ok: true, id: m.id });
      seq += 1;
      socket.emit('chat-response', { success: true, id: `r-${m.id}`, seq, replyTo: m.id, sessionId: m.sessionId, response: m.text, timestamp: Date.now() });
    });
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  port = http.address().port;
  close = () => new Promise((r) => io.close(() => r()));
}

const memory = () => {
  globalThis.gc?.(); globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
};
process.on('message', async (msg) => {
  if (msg.type === 'memory') process.send({ type: 'memory', memory: memory() });
  if (msg.type === 'close') { await close(); process.exit(0); }
});
process.send({ type: 'ready', port, memory: memory() });
