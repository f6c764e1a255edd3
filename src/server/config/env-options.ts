import { hmacIdentityVerifier } from '../auth/hmac-identity.js';
import { shopifyAppProxyVerifier } from '../auth/shopify-app-proxy.js';
import { catalogOptionsFromValues } from '../catalog/env.js';
import { searchProductsTool, storePolicyTool } from '../catalog/model-tools.js';
import type { LogLevel } from '../operations/logger.js';
import { httpResponder } from '../responders/http-responder.js';
import { openAiResponder } from '../responders/openai-responder.js';
import type { ChatServerOptions } from '../types.js';
import { RATE_LIMIT_RULES, readEnv, type Env, type EnvValues } from './env-variables.js';
import { handoffFromValues } from './handoff-env.js';

/** What a deployment gets when a variable is unset; see the README's table. */
const ENV_DEFAULTS = { port: 3000, logLevel: 'info' as LogLevel, shutdownGraceMs: 10_000 };

/**
 * Reads the server's configuration from environment variables (the README lists them), for
 * deployments configured the twelve-factor way. Unset variables keep `createChatServer`'s defaults,
 * except PORT (3000), LOG_LEVEL (`info`) and SHUTDOWN_GRACE_MS (10000). Anything malformed throws a
 * `ConfigError` naming every variable at fault, so a typo stops the deploy instead of quietly
 * switching a limit off or refusing every shopper.
 *
 * @example
 * const server = createChatServer({ ...chatServerOptionsFromEnv(process.env), respond: myResponder });
 */
export function chatServerOptionsFromEnv(env: Env = process.env): ChatServerOptions {
  const v = readEnv(env);
  const options: ChatServerOptions = {
    port: v.PORT ?? ENV_DEFAULTS.port,
    logLevel: v.LOG_LEVEL ?? ENV_DEFAULTS.logLevel,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS ?? ENV_DEFAULTS.shutdownGraceMs,
  };
  if (v.HOST !== undefined) options.host = v.HOST;
  if (v.ALLOWED_ORIGINS !== undefined) {
    const allowed = v.ALLOWED_ORIGINS;
    options.allowedOrigins = allowed;
    // Pages allowed to connect may also read the HTTP fallback's answers.
    options.cors = { origin: allowed === '*' ? true : [...allowed] };
  }
  if (v.TRUST_PROXY !== undefined) options.trustProxy = v.TRUST_PROXY;
  if (v.MAX_CONNECTIONS_PER_IP !== undefined) options.maxConnectionsPerIp = v.MAX_CONNECTIONS_PER_IP;
  if (v.RATE_LIMIT === false) options.rateLimit = false;
  else if (RATE_LIMIT_RULES.some((name) => v[name] !== undefined)) {
    options.rateLimit = {
      ...(v.RATE_LIMIT_CONNECTION && { perConnection: v.RATE_LIMIT_CONNECTION }),
      ...(v.RATE_LIMIT_SESSION && { perSession: v.RATE_LIMIT_SESSION }),
      ...(v.RATE_LIMIT_IP && { perIp: v.RATE_LIMIT_IP }),
      ...(v.RATE_LIMIT_MESSAGES_IP && { messagesPerIp: v.RATE_LIMIT_MESSAGES_IP }),
      ...(v.RATE_LIMIT_SESSIONS_IP && { sessionsPerIp: v.RATE_LIMIT_SESSIONS_IP }),
    };
  }
  if (v.MAX_HTTP_CONNECTIONS_PER_IP !== undefined) options.maxHttpConnectionsPerIp = v.MAX_HTTP_CONNECTIONS_PER_IP;
  if (v.HEADERS_TIMEOUT_MS !== undefined) options.headersTimeoutMs = v.HEADERS_TIMEOUT_MS;
  if (v.REQUEST_TIMEOUT_MS !== undefined) options.requestTimeoutMs = v.REQUEST_TIMEOUT_MS;
  if (v.KEEP_ALIVE_TIMEOUT_MS !== undefined) options.keepAliveTimeoutMs = v.KEEP_ALIVE_TIMEOUT_MS;
  if (v.LOG_MESSAGE_TEXT !== undefined) options.logMessageText = v.LOG_MESSAGE_TEXT;
  if (v.RESPONSE_TIMEOUT_MS !== undefined) options.responseTimeoutMs = v.RESPONSE_TIMEOUT_MS;
  if (v.ANSWER_LEASE_MS !== undefined) options.answerLeaseMs = v.ANSWER_LEASE_MS;
  if (v.HTTP_API_PATH !== undefined) options.httpApiPath = v.HTTP_API_PATH;
  if (v.REDIS_URL !== undefined) {
    options.redis = {
      url: v.REDIS_URL,
      ...(v.REDIS_KEY_PREFIX !== undefined && { keyPrefix: v.REDIS_KEY_PREFIX }),
      ...(v.REDIS_REQUIRE_PERSISTENCE !== undefined && { requirePersistence: v.REDIS_REQUIRE_PERSISTENCE }),
    };
  }
  const catalog = catalogOptionsFromValues(v);
  if (catalog) {
    options.catalog = {
      connector: catalog.connector, refreshMs: catalog.refreshMs, maxResults: catalog.maxResults,
      ...(catalog.webhookSecret !== undefined && { webhookSecret: catalog.webhookSecret }),
    };
  }
  if (v.FAQ_PATH !== undefined) options.faq = v.FAQ_PATH;
  if (v.PUBLIC_URL !== undefined) options.publicUrl = v.PUBLIC_URL;
  const respond = responderFromEnv(v);
  if (respond) options.respond = respond;
  const auth = authFromEnv(v);
  if (auth) options.auth = auth;
  const handoff = handoffFromValues(v);
  if (handoff) options.handoff = handoff;
  return options;
}

/** AUTH_SECRET verifies store-signed identities; SHOPIFY_APP_SECRET, Shopify app-proxy signatures. */
function authFromEnv(v: EnvValues): ChatServerOptions['auth'] {
  if (v.SHOPIFY_APP_SECRET !== undefined) return shopifyAppProxyVerifier({ secret: v.SHOPIFY_APP_SECRET });
  if (v.AUTH_SECRET === undefined) return undefined;
  return hmacIdentityVerifier({
    secret: v.AUTH_SECRET,
    // Most shoppers are not logged in: they stay welcome unless the store says otherwise.
    allowAnonymous: v.AUTH_ALLOW_ANONYMOUS ?? true,
    ...(v.AUTH_MAX_AGE_MS !== undefined && { maxAgeMs: v.AUTH_MAX_AGE_MS }),
  });
}

/**
 * CHAT_API_URL forwards to a store's endpoint (which knows its own products); OPENAI_* talks to a
 * model that searches the catalog (the store's, else the demo) and the FAQ through tools.
 */
function responderFromEnv(v: EnvValues): ChatServerOptions['respond'] {
  if (v.CHAT_API_URL !== undefined) {
    return httpResponder({
      url: v.CHAT_API_URL,
      ...(v.CHAT_API_TIMEOUT_MS !== undefined && { timeoutMs: v.CHAT_API_TIMEOUT_MS }),
      ...(v.CHAT_API_TOKEN !== undefined && { headers: { authorization: `Bearer ${v.CHAT_API_TOKEN}` } }),
    });
  }
  if (v.OPENAI_MODEL === undefined) return undefined;
  return openAiResponder({
    model: v.OPENAI_MODEL,
    ...(v.OPENAI_BASE_URL !== undefined && { baseUrl: v.OPENAI_BASE_URL }),
    ...(v.OPENAI_API_KEY !== undefined && { apiKey: v.OPENAI_API_KEY }),
    ...(v.OPENAI_SYSTEM_PROMPT !== undefined && { systemPrompt: v.OPENAI_SYSTEM_PROMPT }),
    ...(v.OPENAI_TIMEOUT_MS !== undefined && { timeoutMs: v.OPENAI_TIMEOUT_MS }),
    ...(v.OPENAI_HISTORY_TURNS !== undefined && { historyTurns: v.OPENAI_HISTORY_TURNS }),
    ...(v.OPENAI_HISTORY_CHARS !== undefined && { historyChars: v.OPENAI_HISTORY_CHARS }),
    tools: [
      searchProductsTool(v.CATALOG_MAX_RESULTS === undefined ? {} : { maxResults: v.CATALOG_MAX_RESULTS }),
      ...(v.FAQ_PATH === undefined ? [] : [storePolicyTool({ faq: v.FAQ_PATH })]),
    ],
    ...(v.CATALOG_MAX_RESULTS !== undefined && { maxProducts: v.CATALOG_MAX_RESULTS }),
  });
}
