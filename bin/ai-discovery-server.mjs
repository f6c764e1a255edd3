#!/usr/bin/env node
// The reference chat server as a process, configured entirely by environment variables (README:
// "Deployment" lists them). Logs are JSON lines on stderr. SIGTERM or SIGINT closes it gracefully:
// new connections and messages are refused at once, answers under way get SHUTDOWN_GRACE_MS to
// finish, then the process exits 0; if closing takes longer than the grace plus a margin, it exits
// 1 rather than hang a deploy. A second signal exits at once.
import { chatServerOptionsFromEnv, createChatServer, jsonLogger } from '../dist/server/index.js';

/** Time allowed beyond the grace period for sockets, Redis and the http server to close. */
const CLOSE_MARGIN_MS = 5000;
/** Exit code for a configuration the server refuses (a malformed variable). */
const BAD_CONFIG = 2;

const logger = jsonLogger(process.stderr);

let options;
try {
  options = chatServerOptionsFromEnv(process.env);
} catch (error) {
  // `variables` names every variable at fault (a ConfigError lists them all at once).
  logger({ level: 'error', event: 'config_refused', message: error instanceof Error ? error.message : String(error), variables: error?.variables ?? [] });
  process.exit(BAD_CONFIG);
}

// npm's `exec` (npx) does not pass SIGTERM on: a process manager's stop would end npm and leave
// this server listening. Say so at once rather than let a deploy find the port taken.
if (process.env.npm_command === 'exec') {
  logger({
    level: 'warn', event: 'signals_not_forwarded',
    message: 'started through npx/npm exec, which does not pass SIGTERM on: run node node_modules/ai-discovery-server/bin/ai-discovery-server.mjs instead',
  });
}

const server = createChatServer({ ...options, logger });
// Handlers before anything says the server is up: a process manager may stop it the moment it
// reads `listening`, and a signal without a handler would kill it without a graceful close.
let stopping = false;
const stop = (signal) => {
  if (stopping) {
    logger({ level: 'warn', event: 'shutdown_forced', signal });
    process.exit(1);
  }
  stopping = true;
  const graceMs = options.shutdownGraceMs ?? 0;
  logger({ level: 'info', event: 'shutdown', signal, graceMs });
  // Unreferenced: it only fires if something else is still keeping the process alive.
  setTimeout(() => {
    logger({ level: 'error', event: 'shutdown_timeout', afterMs: graceMs + CLOSE_MARGIN_MS });
    process.exit(1);
  }, graceMs + CLOSE_MARGIN_MS).unref();
  server.close().then(
    () => {
      logger({ level: 'info', event: 'stopped' });
      // No process.exit(): the process ends once close() released everything, as it should.
      process.exitCode = 0;
    },
    (error) => {
      logger({ level: 'error', event: 'shutdown_failed', error });
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

try {
  await server.ready;
} catch (error) {
  logger({ level: 'error', event: 'start_failed', error });
  await server.close().catch(() => undefined);
  process.exit(1);
}

const host = options.host ?? '0.0.0.0';
logger({ level: 'info', event: 'listening', url: `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`, port: server.port, redis: options.redis !== undefined });

