#!/usr/bin/env node
// Staged as bin/ai-discovery-server.mjs of the browser package: the chat server's command lived
// there before it moved to the ai-discovery-server package. Deployments that still run
// `node node_modules/ai-discovery-widget/bin/ai-discovery-server.mjs` keep working when the server
// package is installed beside, in this same process (so SIGTERM still reaches the server), and are
// told what to change; without it they stop with a message that says what to install. No `bin`
// entry points here: the command name belongs to ai-discovery-server.
const NEW_PATH = 'node_modules/ai-discovery-server/bin/ai-discovery-server.mjs';

const log = (level, event, message) => process.stderr.write(`${JSON.stringify({ level, event, message })}\n`);

let server;
try {
  server = new URL('bin/ai-discovery-server.mjs', import.meta.resolve('ai-discovery-server/package.json'));
} catch {
  log('error', 'bin_moved', `the chat server is now the ai-discovery-server package: run npm i ai-discovery-server, then node ${NEW_PATH}`);
  process.exit(1);
}
log('warn', 'bin_moved', `the chat server is now the ai-discovery-server package: run node ${NEW_PATH}`);
await import(server.href);
