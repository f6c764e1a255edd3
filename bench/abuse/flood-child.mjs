// One address flooding the chat server for a fixed time: HTTP API messages with a fresh session
// id each, and Socket.IO connections with fresh sessions that send messages as fast as they are
// acknowledged. Counts every outcome and reports them to the parent.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const [url, address, durationMs] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const until = Date.now() + durationMs;
const counts = { http: {}, handshakes: { ok: 0, refused: 0 }, socketMessages: { ok: 0, refused: 0 } };
const bump = (map, key) => (map[key] = (map[key] ?? 0) + 1);
const message = (sessionId) => ({ id: randomUUID(), sessionId, text: 'flood', sentAt: Date.now() });

async function httpWorker() {
  while (Date.now() < until) {
    const body = JSON.stringify(message(`flood-${randomUUID()}`));
    try {
      const response = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body });
      await response.arrayBuffer();
      bump(counts.http, String(response.status));
    } catch {
      bump(counts.http, 'reset');
    }
  }
}

async function socketWorker() {
  while (Date.now() < until) {
    const sessionId = `flood-${randomUUID()}`;
    const socket = io(url, { auth: { sessionId, client: 'flood' }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': address } });
    const connected = await new Promise((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
    if (!connected) {
      counts.handshakes.refused += 1;
      socket.close();
      continue;
    }
    counts.handshakes.ok += 1;
    // A few messages per session, then a new one: the handshakes are part of the flood.
    for (let i = 0; i < 10 && Date.now() < until && socket.connected; i += 1) {
      const ack = await socket.timeout(2000).emitWithAck('chat-message', message(sessionId)).catch(() => ({ ok: false }));
      if (ack.ok) counts.socketMessages.ok += 1; else counts.socketMessages.refused += 1;
    }
    socket.close();
  }
}

await Promise.all([...Array.from({ length: 12 }, httpWorker), ...Array.from({ length: 4 }, socketWorker)]);
process.send({ type: 'done', counts });
