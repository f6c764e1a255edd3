import { withLimits, type ProtocolLimits } from '../../protocol/index.js';
import { atLevel, jsonLogger, LOG_LEVELS, type ChatLogger } from '../operations/logger.js';
import { OriginPolicy } from '../guards/origin-policy.js';
import type { BucketRule } from '../guards/rate-limiter.js';
import type { SessionWindowRule } from '../sessions/session-store.js';
import type { ChatServerOptions } from '../types.js';

export interface ResolvedRateLimits {
  perConnection: BucketRule;
  perSession: BucketRule;
  perIp: BucketRule;
  messagesPerIp: BucketRule;
  sessionsPerIp: SessionWindowRule;
}

/** Limits that hold when the options say nothing: abuse resistance is on unless turned off. */
export const DEFAULT_RATE_LIMITS: Readonly<ResolvedRateLimits> = Object.freeze({
  perConnection: Object.freeze({ burst: 60, perSecond: 10 }),
  perSession: Object.freeze({ burst: 30, perSecond: 5 }),
  perIp: Object.freeze({ burst: 60, perSecond: 10 }),
  // An office or a carrier's NAT puts several shoppers behind one address; a shopper sends a
  // message every few seconds at most. Each message can be a paid model call: see the README.
  messagesPerIp: Object.freeze({ burst: 60, perSecond: 1 }),
  // A shopper keeps one session per browser, so new ones are rare; reconnects of a session the
  // address opened within the window are free.
  sessionsPerIp: Object.freeze({ max: 30, windowMs: 600_000 }),
});
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 50;
/** Open TCP connections per address on the server's own http server: sockets (polling takes two each) and HTTP API calls. */
export const DEFAULT_MAX_HTTP_CONNECTIONS_PER_IP = 120;

/** Timeouts of the http server createChatServer creates (a caller's own server keeps its own). */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}
export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = Object.freeze({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5000 });

/** The options with their defaults filled in, as the parts of the server use them. */
export interface ResolvedOptions {
  limits: ProtocolLimits;
  log: ChatLogger;
  onError: (error: unknown, where: string) => void;
  origins: OriginPolicy;
  maxConnectionsPerIp: number | false;
  /** TCP connections per address on the server's own http server; false when off (or behind a proxy). */
  maxHttpConnectionsPerIp: number | false;
  http: HttpTimeouts;
  rate: ResolvedRateLimits | false;
  responseTimeoutMs: number;
  maxPendingPerSession: number;
  shutdownGraceMs: number;
  answerLeaseMs: number;
}

export function resolveOptions(options: ChatServerOptions): ResolvedOptions {
  checkOptions(options);
  const log = atLevel(options.logger ?? jsonLogger(), options.logLevel ?? 'warn');
  const rate = options.rateLimit === false ? false : {
    perConnection: options.rateLimit?.perConnection ?? DEFAULT_RATE_LIMITS.perConnection,
    perSession: options.rateLimit?.perSession ?? DEFAULT_RATE_LIMITS.perSession,
    perIp: options.rateLimit?.perIp ?? DEFAULT_RATE_LIMITS.perIp,
    messagesPerIp: options.rateLimit?.messagesPerIp ?? DEFAULT_RATE_LIMITS.messagesPerIp,
    sessionsPerIp: options.rateLimit?.sessionsPerIp ?? DEFAULT_RATE_LIMITS.sessionsPerIp,
  };
  return {
    limits: withLimits(options.limits),
    log,
    onError: options.onError ?? ((error, where) => log({ level: 'error', event: 'error', where, error })),
    origins: new OriginPolicy(options.allowedOrigins ?? originsOfCors(options.cors), true),
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP,
    // Behind a proxy every TCP connection comes from the proxy: counting them would cap it, not clients.
    maxHttpConnectionsPerIp: options.maxHttpConnectionsPerIp ?? (options.trustProxy ? false : DEFAULT_MAX_HTTP_CONNECTIONS_PER_IP),
    http: {
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.keepAliveTimeoutMs,
    },
    rate,
    responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
    maxPendingPerSession: options.maxPendingPerSession ?? 20,
    shutdownGraceMs: options.shutdownGraceMs ?? 0,
    answerLeaseMs: options.answerLeaseMs ?? 10_000,
  };
}

/** A server configured for CORS from some origins clearly means pages there may connect. */
function originsOfCors(cors: ChatServerOptions['cors']): readonly string[] | '*' {
  if (!cors) return [];
  if (cors.origin === true || cors.origin === '*') return '*';
  if (cors.origin === false) return [];
  return typeof cors.origin === 'string' ? [cors.origin] : cors.origin;
}

/**
 * Socket.IO's default buffer (1 MB) is far above any valid payload; this allows the largest valid
 * message with JSON escaping (up to 6 characters per code unit) and refuses the rest at the engine.
 */
export function bufferSizeFor(limits: ProtocolLimits): number {
  return Math.max(64 * 1024, (limits.maxTextLength + limits.maxContextSize) * 6 + 16 * 1024);
}

function checkOptions(options: ChatServerOptions): void {
  const perIp = options.maxConnectionsPerIp;
  if (perIp !== undefined && perIp !== false && !(Number.isInteger(perIp) && perIp > 0)) {
    throw new RangeError(`createChatServer: maxConnectionsPerIp must be a positive integer or false, got ${perIp}`);
  }
  const perTcp = options.maxHttpConnectionsPerIp;
  if (perTcp !== undefined && perTcp !== false && !(Number.isInteger(perTcp) && perTcp > 0)) {
    throw new RangeError(`createChatServer: maxHttpConnectionsPerIp must be a positive integer or false, got ${perTcp}`);
  }
  if (perTcp !== undefined && perTcp !== false && options.httpServer !== undefined) {
    throw new TypeError('createChatServer: maxHttpConnectionsPerIp applies to the http server createChatServer creates; cap connections at your own server or proxy instead (see the README)');
  }
  checkHttpTimeouts(options);
  if (options.rateLimit) {
    const sessions = options.rateLimit.sessionsPerIp;
    if (sessions !== undefined && !(Number.isInteger(sessions.max) && sessions.max >= 1 && Number.isFinite(sessions.windowMs) && sessions.windowMs > 0)) {
      throw new RangeError(`createChatServer: rateLimit.sessionsPerIp needs an integer max >= 1 and windowMs > 0, got ${JSON.stringify(sessions)}`);
    }
    for (const [name, rule] of Object.entries(options.rateLimit)) {
      if (rule === undefined || name === 'sessionsPerIp') continue;
      const { burst, perSecond } = rule as BucketRule;
      if (!(Number.isFinite(burst) && burst >= 1 && Number.isFinite(perSecond) && perSecond > 0)) {
        throw new RangeError(`createChatServer: rateLimit.${name} needs burst >= 1 and perSecond > 0, got ${JSON.stringify(rule)}`);
      }
    }
  }
  if (options.logLevel !== undefined && !LOG_LEVELS.includes(options.logLevel)) {
    throw new TypeError(`createChatServer: logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${String(options.logLevel)}`);
  }
  const grace = options.shutdownGraceMs;
  if (grace !== undefined && !(Number.isFinite(grace) && grace >= 0)) {
    throw new RangeError(`createChatServer: shutdownGraceMs must be a number >= 0, got ${grace}`);
  }
  for (const key of ['healthPath', 'readyPath', 'metricsPath'] as const) {
    const path = options[key];
    if (path !== undefined && path !== false && !(typeof path === 'string' && /^\/[^?#]*$/.test(path))) {
      throw new TypeError(`createChatServer: ${key} must be a path such as '/healthz' (or false), got ${String(path)}`);
    }
  }
  const origins = options.allowedOrigins;
  if (origins !== undefined && origins !== '*' && !(Array.isArray(origins) && origins.every((o) => typeof o === 'string'))) {
    throw new TypeError("createChatServer: allowedOrigins must be a list of origins such as 'https://shop.example', or '*'");
  }
  if (options.httpServer !== undefined && options.port !== undefined) {
    throw new TypeError('createChatServer: pass either `httpServer` (you listen) or `port` (we listen), not both');
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)) {
    throw new RangeError(`createChatServer: port must be an integer from 0 to 65535, got ${options.port}`);
  }
  const timeout = options.responseTimeoutMs;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new RangeError(`createChatServer: responseTimeoutMs must be a positive number, got ${timeout}`);
  }
  const lease = options.answerLeaseMs;
  if (lease !== undefined && !(Number.isFinite(lease) && lease >= 30)) {
    throw new RangeError(`createChatServer: answerLeaseMs must be a number of milliseconds >= 30, got ${lease}`);
  }
  const pending = options.maxPendingPerSession;
  if (pending !== undefined && !(Number.isInteger(pending) && pending > 0)) {
    throw new RangeError(`createChatServer: maxPendingPerSession must be a positive integer, got ${pending}`);
  }
  const recovery = options.connectionStateRecovery;
  const recoveryMs = recovery ? recovery.maxDisconnectionDurationMs : undefined;
  if (recoveryMs !== undefined && !(Number.isFinite(recoveryMs) && recoveryMs > 0)) {
    throw new RangeError(`createChatServer: connectionStateRecovery.maxDisconnectionDurationMs must be a positive number, got ${recoveryMs}`);
  }
  const api = options.httpApiPath;
  if (api !== undefined && api !== false) {
    if (typeof api !== 'string' || !/^\/[^?#]*[^/?#]$/.test(api)) {
      throw new TypeError(`createChatServer: httpApiPath must be a path such as '/api/chat' (or false), got ${String(api)}`);
    }
    const ioPath = (options.path ?? '/socket.io').replace(/\/$/, '');
    if (api === ioPath || api.startsWith(`${ioPath}/`)) {
      throw new TypeError(`createChatServer: httpApiPath ${api} lies under the Socket.IO path, which would never let it through`);
    }
  }
}


function checkHttpTimeouts(options: ChatServerOptions): void {
  for (const key of ['headersTimeoutMs', 'requestTimeoutMs', 'keepAliveTimeoutMs'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`createChatServer: ${key} must be a positive number of milliseconds, got ${value}`);
    if (options.httpServer !== undefined) {
      throw new TypeError(`createChatServer: ${key} applies to the http server createChatServer creates; set it on your own httpServer instead (see the README)`);
    }
  }
  const headers = options.headersTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs;
  const request = options.requestTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs;
  // Node refuses a headers timeout longer than the request timeout: say so in our words.
  if (headers > request) throw new RangeError(`createChatServer: headersTimeoutMs (${headers}) must not exceed requestTimeoutMs (${request})`);
}
