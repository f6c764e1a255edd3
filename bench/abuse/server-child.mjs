// The reference chat server at its default limits, in its own process, for the abuse section.
// trustProxy is on so the flooder and the shopper, both on 127.0.0.1, can be told apart by the
// X-Forwarded-For entry they send (as distinct clients behind a proxy would be).
import { createChatServer } from '../../dist/server/index.js';

const server = createChatServer({
  port: 0, host: '127.0.0.1', trustProxy: true, logLevel: 'error',
  // A model that takes 20 ms per answer, so answering costs time as it would.
  respond: async (m) => (await new Promise((r) => setTimeout(r, 20)), { response: `re: ${m.text}` }),
});
await server.ready;
process.send({ type: 'ready', port: server.port });
process.on('message', async (m) => {
  if (m.type !== 'close') return;
  await server.close();
  process.exit(0);
});
