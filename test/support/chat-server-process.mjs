// A chat server in a process of its own, built from dist/ (`npm test` builds before vitest runs),
// for tests of several servers sharing one Redis. Environment: REDIS_URL, KEY_PREFIX, NAME.
// It writes one JSON object per line on stdout:
//   { ready: port }                       listening and connected to Redis
//   { respond: messageId, text }          its responder was called (to count answers across servers)
//   { error: where, message }             what onError was told
//   { closed: true }                      close() resolved; the process should now exit by itself
// SIGTERM closes it gracefully. It never calls process.exit: if close() left anything open (a
// socket, a Redis connection, a timer), the process stays alive and the test sees it.
import { createChatServer } from '../../dist/server/index.js';

const name = process.env.NAME ?? 'server';
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const server = createChatServer({
  port: 0,
  host: '127.0.0.1',
  redis: { url: process.env.REDIS_URL, keyPrefix: process.env.KEY_PREFIX },
  respond: async function* (message) {
    emit({ respond: message.id, text: message.text });
    yield `${name} `;
    yield `re: ${message.text}`;
  },
  onError: (error, where) => emit({ error: where, message: String(error?.message ?? error) }),
});

process.once('SIGTERM', () => {
  server.close().then(() => emit({ closed: true }), (error) => emit({ error: 'close', message: String(error) }));
});

await server.ready;
emit({ ready: server.port });
