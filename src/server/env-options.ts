import { hmacIdentityVerifier } from './auth/hmac-identity.js';
import { shopifyAppProxyVerifier } from './auth/shopify-app-proxy.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { httpResponder } from './responders/http-responder.js';
import { openAiResponder } from './responders/openai-responder.js';
import type { BucketRule } from './rate-limiter.js';
import type { ChatServerOptions } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** What a deployment gets when a variable is unset; see the README's table. */
const ENV_DEFAULTS = { port: 3000, logLevel: 'info' as LogLevel, shutdownGraceMs: 10_000 };

/**
 * Reads the server's configuration from environment variables (the README lists them), for
 * deployments configured the twelve-factor way. Unset variables keep `createChatServer`'s defaults,
 * except PORT (3000), LOG_LEVEL (`info`) and SHUTDOWN_GRACE_MS (10000). A malformed value throws
 * naming the variable, so a typo stops the deploy instead of quietly switching a limit off.
 *
 * @example
 * const server = createChatServer({ ...chatServerOptionsFromEnv(process.env), respond: myResponder });
 */
export function chatServerOptionsFromEnv(env: Env = process.env): ChatServerOptions {
  const read = new EnvReader(env);
  const options: ChatServerOptions = {
    port: read.int('PORT', 0, 65535) ?? ENV_DEFAULTS.port,
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS) ?? ENV_DEFAULTS.logLevel,
    shutdownGraceMs: read.int('SHUTDOWN_GRACE_MS', 0) ?? ENV_DEFAULTS.shutdownGraceMs,
  };
  const host = read.string('HOST');
  if (host !== undefined) options.host = host;
  const origins = read.list('ALLOWED_ORIGINS');
  if (origins !== undefined) {
    const allowed = origins.length === 1 && origins[0] === '*' ? '*' : origins;
    options.allowedOrigins = allowed;
    // Pages allowed to connect may also read the HTTP fallback's answers.
    options.cors = { origin: allowed === '*' ? true : [...allowed] };
  }
  const trustProxy = read.bool('TRUST_PROXY');
  if (trustProxy !== undefined) options.trustProxy = trustProxy;
  if (read.off('MAX_CONNECTIONS_PER_IP')) options.maxConnectionsPerIp = false;
  else {
    const perIp = read.int('MAX_CONNECTIONS_PER_IP', 1);
    if (perIp !== undefined) options.maxConnectionsPerIp = perIp;
  }
  if (read.off('RATE_LIMIT')) options.rateLimit = false;
  else {
    const perConnection = read.bucket('RATE_LIMIT_CONNECTION');
    const perSession = read.bucket('RATE_LIMIT_SESSION');
    const perIp = read.bucket('RATE_LIMIT_IP');
    if (perConnection || perSession || perIp) {
      options.rateLimit = { ...(perConnection && { perConnection }), ...(perSession && { perSession }), ...(perIp && { perIp }) };
    }
  }
  const logText = read.bool('LOG_MESSAGE_TEXT');
  if (logText !== undefined) options.logMessageText = logText;
  const timeout = read.int('RESPONSE_TIMEOUT_MS', 1);
  if (timeout !== undefined) options.responseTimeoutMs = timeout;
  const lease = read.int('ANSWER_LEASE_MS', 30);
  if (lease !== undefined) options.answerLeaseMs = lease;
  if (read.off('HTTP_API_PATH')) options.httpApiPath = false;
  else {
    const apiPath = read.string('HTTP_API_PATH');
    if (apiPath !== undefined) options.httpApiPath = apiPath;
  }
  const redisUrl = read.string('REDIS_URL');
  if (redisUrl !== undefined) {
    const keyPrefix = read.string('REDIS_KEY_PREFIX');
    const requirePersistence = read.bool('REDIS_REQUIRE_PERSISTENCE');
    options.redis = { url: redisUrl, ...(keyPrefix !== undefined && { keyPrefix }), ...(requirePersistence !== undefined && { requirePersistence }) };
  }
  const respond = responderFromEnv(read);
  if (respond) options.respond = respond;
  const auth = authFromEnv(read);
  if (auth) options.auth = auth;
  return options;
}

/** AUTH_SECRET verifies store-signed identities; SHOPIFY_APP_SECRET, Shopify app-proxy signatures. */
function authFromEnv(read: EnvReader): ChatServerOptions['auth'] {
  const secret = read.string('AUTH_SECRET');
  const shopify = read.string('SHOPIFY_APP_SECRET');
  if (secret !== undefined && shopify !== undefined) throw new TypeError('Set either AUTH_SECRET or SHOPIFY_APP_SECRET, not both');
  if (shopify !== undefined) return shopifyAppProxyVerifier({ secret: shopify });
  if (secret === undefined) return undefined;
  if (secret.length < 32) throw new TypeError('AUTH_SECRET must be at least 32 characters');
  const maxAgeMs = read.int('AUTH_MAX_AGE_MS', 1);
  // Most shoppers are not logged in: they stay welcome unless the store says otherwise.
  const allowAnonymous = read.bool('AUTH_ALLOW_ANONYMOUS') ?? true;
  return hmacIdentityVerifier({ secret, allowAnonymous, ...(maxAgeMs !== undefined && { maxAgeMs }) });
}

/** CHAT_API_URL forwards to a store's endpoint; OPENAI_* talks to a model; neither keeps the catalog. */
function responderFromEnv(read: EnvReader): ChatServerOptions['respond'] {
  const chatApi = read.string('CHAT_API_URL');
  const model = read.string('OPENAI_MODEL');
  const wantsModel = model !== undefined || read.string('OPENAI_API_KEY') !== undefined || read.string('OPENAI_BASE_URL') !== undefined;
  if (chatApi !== undefined && wantsModel) throw new TypeError('Set either CHAT_API_URL or the OPENAI_* variables, not both');
  if (chatApi !== undefined) {
    const timeoutMs = read.int('CHAT_API_TIMEOUT_MS', 1);
    const token = read.string('CHAT_API_TOKEN');
    return httpResponder({ url: chatApi, ...(timeoutMs !== undefined && { timeoutMs }), ...(token !== undefined && { headers: { authorization: `Bearer ${token}` } }) });
  }
  if (!wantsModel) return undefined;
  if (model === undefined) throw new TypeError('OPENAI_MODEL must name the model (e.g. gpt-4o-mini) when OPENAI_API_KEY or OPENAI_BASE_URL is set');
  const baseUrl = read.string('OPENAI_BASE_URL');
  const apiKey = read.string('OPENAI_API_KEY');
  const systemPrompt = read.string('OPENAI_SYSTEM_PROMPT');
  const timeoutMs = read.int('OPENAI_TIMEOUT_MS', 1);
  const historyTurns = read.int('OPENAI_HISTORY_TURNS', 0);
  const historyChars = read.int('OPENAI_HISTORY_CHARS', 0);
  return openAiResponder({
    model, ...(baseUrl !== undefined && { baseUrl }), ...(apiKey !== undefined && { apiKey }),
    ...(systemPrompt !== undefined && { systemPrompt }), ...(timeoutMs !== undefined && { timeoutMs }),
    ...(historyTurns !== undefined && { historyTurns }), ...(historyChars !== undefined && { historyChars }),
  });
}

/** Typed reads of variables; an empty string counts as unset. */
export class EnvReader {
  constructor(private readonly env: Env) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) throw new TypeError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new TypeError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  }

  /** Whether the variable says `off` (or `false`): how a default-on feature is turned off. */
  off(name: string): boolean {
    const raw = this.string(name)?.toLowerCase();
    return raw === 'off' || raw === 'false';
  }

  list(name: string): string[] | undefined {
    const raw = this.string(name);
    return raw === undefined ? undefined : raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) throw new TypeError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
    return raw as T;
  }

  /** `burst/perSecond`, e.g. `30/5`. */
  bucket(name: string): BucketRule | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(raw);
    const burst = Number(match?.[1]);
    const perSecond = Number(match?.[2]);
    if (!match || burst < 1 || !(perSecond > 0)) throw new TypeError(`${name} must be burst/perSecond such as 30/5, got ${JSON.stringify(raw)}`);
    return { burst, perSecond };
  }
}
