import { createECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, chatServerOptionsFromEnv, createChatServer, signIdentity } from '../../src/server';
import { ENV_VARIABLES } from '../../src/server/config/env-variables';

const SECRET = 'x'.repeat(40);

/** Operators files for the hand-off's variables: one with a bcrypt hash (of "pw", cost 4), one with a password in clear. */
const FILES = mkdtempSync(join(tmpdir(), 'aidw-env-'));
const OPERATORS = join(FILES, 'operators.json');
const PLAIN = join(FILES, 'operators-plain.json');
writeFileSync(OPERATORS, JSON.stringify([{ login: 'alice', name: 'Alice', passwordHash: '$2b$04$M9rvuVYPqn5YwHnqUStXtuO0Q2YBDPXHVBdNWpr3D7HDEMhOpgHPu' }]));
writeFileSync(PLAIN, JSON.stringify([{ login: 'alice', name: 'Alice', passwordHash: 'hunter2' }]));
/** A VAPID key pair, base64url, as web-push makes them. */
function vapidPair(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: ecdh.getPrivateKey().toString('base64url') };
}
const VAPID = vapidPair();
const OTHER = vapidPair();
const PUSH = { OPERATOR_STORE_SECRET: SECRET, VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:ops@shop.example' };

/**
 * At least one bad value for every variable the server reads, with what else must be set for the
 * value to matter: [variable at fault, environment].
 */
const BAD: [string, Record<string, string>][] = [
  ['PORT', { PORT: '80a' }], ['PORT', { PORT: '70000' }], ['PORT', { PORT: '1e3' }], ['PORT', { PORT: '3000.0' }], ['PORT', { PORT: '0x50' }], ['PORT', { PORT: '-1' }],
  ['HOST', { HOST: 'http://0.0.0.0' }], ['HOST', { HOST: '0.0.0.0:3000' }], ['HOST', { HOST: 'shop example' }],
  ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: '127.0.0.1:5175' }], ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'localhost:5175' }],
  ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'shop.example' }], ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://shop.example/store' }],
  ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://shop.example?x=1' }], ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://me:pw@shop.example' }],
  ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'ftp://shop.example' }], ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://shop.example, *' }],
  ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: ' , ' }], ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://shop.example,127.0.0.1:5175' }],
  ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }], ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
  ['MAX_CONNECTIONS_PER_IP', { MAX_CONNECTIONS_PER_IP: '0' }], ['MAX_CONNECTIONS_PER_IP', { MAX_CONNECTIONS_PER_IP: 'lots' }],
  ['RATE_LIMIT', { RATE_LIMIT: 'nope' }], ['RATE_LIMIT', { RATE_LIMIT: 'disabled' }],
  ['RATE_LIMIT_CONNECTION', { RATE_LIMIT_CONNECTION: '0/1' }], ['RATE_LIMIT_CONNECTION', { RATE_LIMIT_CONNECTION: '60/10', RATE_LIMIT: 'off' }],
  ['RATE_LIMIT_SESSION', { RATE_LIMIT_SESSION: '10' }], ['RATE_LIMIT_SESSION', { RATE_LIMIT_SESSION: '10/0' }],
  ['RATE_LIMIT_IP', { RATE_LIMIT_IP: 'x/1' }], ['RATE_LIMIT_IP', { RATE_LIMIT_IP: '1e3/5' }],
  ['RATE_LIMIT_MESSAGES_IP', { RATE_LIMIT_MESSAGES_IP: '60' }], ['RATE_LIMIT_MESSAGES_IP', { RATE_LIMIT_MESSAGES_IP: '60/1', RATE_LIMIT: 'off' }],
  ['RATE_LIMIT_SESSIONS_IP', { RATE_LIMIT_SESSIONS_IP: '30/10m' }], ['RATE_LIMIT_SESSIONS_IP', { RATE_LIMIT_SESSIONS_IP: '0/600000' }], ['RATE_LIMIT_SESSIONS_IP', { RATE_LIMIT_SESSIONS_IP: '30/10' }],
  ['MAX_HTTP_CONNECTIONS_PER_IP', { MAX_HTTP_CONNECTIONS_PER_IP: '0' }], ['MAX_HTTP_CONNECTIONS_PER_IP', { MAX_HTTP_CONNECTIONS_PER_IP: 'many' }],
  ['HEADERS_TIMEOUT_MS', { HEADERS_TIMEOUT_MS: '10s' }], ['HEADERS_TIMEOUT_MS', { HEADERS_TIMEOUT_MS: '40000' }], ['HEADERS_TIMEOUT_MS', { HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '15000' }],
  ['REQUEST_TIMEOUT_MS', { REQUEST_TIMEOUT_MS: '999' }], ['KEEP_ALIVE_TIMEOUT_MS', { KEEP_ALIVE_TIMEOUT_MS: '-1' }],
  ['LOG_LEVEL', { LOG_LEVEL: 'loud' }], ['LOG_MESSAGE_TEXT', { LOG_MESSAGE_TEXT: 'sometimes' }],
  ['SHUTDOWN_GRACE_MS', { SHUTDOWN_GRACE_MS: '-5' }], ['SHUTDOWN_GRACE_MS', { SHUTDOWN_GRACE_MS: '10s' }],
  ['RESPONSE_TIMEOUT_MS', { RESPONSE_TIMEOUT_MS: '0' }], ['ANSWER_LEASE_MS', { ANSWER_LEASE_MS: '10' }],
  ['HTTP_API_PATH', { HTTP_API_PATH: 'api/chat' }], ['HTTP_API_PATH', { HTTP_API_PATH: '/api chat' }], ['HTTP_API_PATH', { HTTP_API_PATH: '/api?x=1' }],
  ['REDIS_URL', { REDIS_URL: 'localhost:6379' }], ['REDIS_URL', { REDIS_URL: 'http://redis:6379' }],
  ['REDIS_KEY_PREFIX', { REDIS_URL: 'redis://redis', REDIS_KEY_PREFIX: 'shop{1}:' }], ['REDIS_KEY_PREFIX', { REDIS_KEY_PREFIX: 'shop1:' }],
  ['REDIS_REQUIRE_PERSISTENCE', { REDIS_URL: 'redis://redis', REDIS_REQUIRE_PERSISTENCE: 'sure' }], ['REDIS_REQUIRE_PERSISTENCE', { REDIS_REQUIRE_PERSISTENCE: 'off' }],
  ['CHAT_API_URL', { CHAT_API_URL: 'not a url' }], ['CHAT_API_URL', { CHAT_API_URL: 'shop.example/api/chat' }], ['CHAT_API_URL', { CHAT_API_URL: 'ftp://shop.example' }],
  ['CHAT_API_TIMEOUT_MS', { CHAT_API_URL: 'https://a.example', CHAT_API_TIMEOUT_MS: '15s' }], ['CHAT_API_TIMEOUT_MS', { CHAT_API_TIMEOUT_MS: '1000' }],
  ['CHAT_API_TOKEN', { CHAT_API_TOKEN: 'tok' }],
  ['OPENAI_MODEL', { CHAT_API_URL: 'https://a.example', OPENAI_MODEL: 'm' }],
  ['OPENAI_API_KEY', { OPENAI_API_KEY: 'sk' }],
  ['OPENAI_BASE_URL', { OPENAI_MODEL: 'm', OPENAI_BASE_URL: 'api.openai.com/v1' }], ['OPENAI_BASE_URL', { OPENAI_BASE_URL: 'https://api.openai.com/v1' }],
  ['OPENAI_SYSTEM_PROMPT', { OPENAI_SYSTEM_PROMPT: 'Be kind' }],
  ['OPENAI_TIMEOUT_MS', { OPENAI_MODEL: 'm', OPENAI_TIMEOUT_MS: '0' }],
  ['OPENAI_HISTORY_TURNS', { OPENAI_MODEL: 'm', OPENAI_HISTORY_TURNS: 'ten' }], ['OPENAI_HISTORY_CHARS', { OPENAI_MODEL: 'm', OPENAI_HISTORY_CHARS: '-1' }],
  ['AUTH_SECRET', { AUTH_SECRET: 'short' }],
  ['AUTH_MAX_AGE_MS', { AUTH_SECRET: SECRET, AUTH_MAX_AGE_MS: '1h' }], ['AUTH_MAX_AGE_MS', { AUTH_MAX_AGE_MS: '60000' }],
  ['AUTH_ALLOW_ANONYMOUS', { AUTH_SECRET: SECRET, AUTH_ALLOW_ANONYMOUS: 'maybe' }], ['AUTH_ALLOW_ANONYMOUS', { AUTH_ALLOW_ANONYMOUS: 'false' }],
  ['SHOPIFY_APP_SECRET', { AUTH_SECRET: SECRET, SHOPIFY_APP_SECRET: 'shh' }],
  ['CATALOG_URL', { CATALOG_URL: 'ftp://shop.example', CATALOG_FORMAT: 'shopify' }], ['CATALOG_URL', { CATALOG_URL: 'https://', CATALOG_FORMAT: 'csv' }],
  ['CATALOG_FORMAT', { CATALOG_URL: 'https://shop.example', CATALOG_FORMAT: 'shopfy' }], ['CATALOG_FORMAT', { CATALOG_URL: 'https://shop.example' }],
  ['CATALOG_FORMAT', { CATALOG_FORMAT: 'csv' }],
  ['CATALOG_REFRESH_MS', { CATALOG_URL: 'https://shop.example', CATALOG_FORMAT: 'shopify', CATALOG_REFRESH_MS: '10' }], ['CATALOG_REFRESH_MS', { CATALOG_REFRESH_MS: '60000' }],
  ['CATALOG_MAX_RESULTS', { CATALOG_URL: 'https://shop.example', CATALOG_FORMAT: 'shopify', CATALOG_MAX_RESULTS: '0' }],
  ['CATALOG_MAX_RESULTS', { CATALOG_URL: 'https://shop.example', CATALOG_FORMAT: 'shopify', CATALOG_MAX_RESULTS: '4.5' }], ['CATALOG_MAX_RESULTS', { CATALOG_MAX_RESULTS: '6' }],
  ['FAQ_PATH', { FAQ_PATH: '/nonexistent/faq.md' }], ['PUBLIC_URL', { PUBLIC_URL: 'chat.example.com' }], ['PUBLIC_URL', { PUBLIC_URL: 'ws://chat.example.com' }],
  ['CATALOG_TOKEN', { CATALOG_TOKEN: 'tok' }],
  ['CATALOG_WEBHOOK_SECRET', { CATALOG_URL: 'https://shop.example', CATALOG_FORMAT: 'shopify', CATALOG_WEBHOOK_SECRET: 'short' }],
  ['CATALOG_CURRENCY', { CATALOG_URL: 'https://shop.example', CATALOG_FORMAT: 'shopify', CATALOG_CURRENCY: 'dollars' }],
  ['CATALOG_STORE_URL', { CATALOG_URL: './catalog.csv', CATALOG_FORMAT: 'magento', CATALOG_STORE_URL: 'luma.example' }],
  ['CATALOG_TIMEZONE', { CATALOG_URL: './catalog.csv', CATALOG_FORMAT: 'magento', CATALOG_TIMEZONE: 'Europe/Pariss' }], ['CATALOG_TIMEZONE', { CATALOG_TIMEZONE: 'UTC' }],
  ['OPERATORS_FILE', { OPERATORS_FILE: '/nonexistent/operators.json', OPERATOR_SECRET: SECRET }], ['OPERATORS_FILE', { OPERATORS_FILE: PLAIN, OPERATOR_SECRET: SECRET }],
  ['OPERATORS_FILE', { OPERATORS_FILE: OPERATORS }], ['OPERATORS_FILE', { OPERATORS_FILE: join(FILES, '..'), OPERATOR_SECRET: SECRET }],
  ['OPERATOR_SECRET', { OPERATORS_FILE: OPERATORS, OPERATOR_SECRET: 'changeme' }], ['OPERATOR_SECRET', { OPERATOR_SECRET: SECRET, OPERATOR_STORE_SECRET: SECRET }],
  ['OPERATOR_STORE_SECRET', { OPERATOR_STORE_SECRET: 'short' }],
  ['OPERATOR_SESSION_TTL_MS', { OPERATORS_FILE: OPERATORS, OPERATOR_SECRET: SECRET, OPERATOR_SESSION_TTL_MS: '0' }], ['OPERATOR_SESSION_TTL_MS', { OPERATOR_STORE_SECRET: SECRET, OPERATOR_SESSION_TTL_MS: '3600000' }],
  ['OPENING_HOURS', { OPERATOR_STORE_SECRET: SECRET, OPENING_HOURS: '{"timeZone":"Paris","weekly":{}}' }], ['OPENING_HOURS', { OPERATOR_STORE_SECRET: SECRET, OPENING_HOURS: 'mon-fri 9-17' }],
  ['OPENING_HOURS', { OPENING_HOURS: '{"timeZone":"Europe/Paris","weekly":{"mon":[["09:00","17:00"]]}}' }],
  ['INBOX_PATH', { OPERATOR_STORE_SECRET: SECRET, INBOX_PATH: 'inbox' }], ['INBOX_PATH', { INBOX_PATH: '/inbox' }], ['INBOX_PATH', { ...PUSH, INBOX_PATH: 'off' }],
  ['VAPID_PUBLIC_KEY', { ...PUSH, VAPID_PUBLIC_KEY: `${VAPID.publicKey}=` }], ['VAPID_PUBLIC_KEY', { VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:ops@shop.example' }],
  ['VAPID_PRIVATE_KEY', { ...PUSH, VAPID_PRIVATE_KEY: OTHER.privateKey }], ['VAPID_PRIVATE_KEY', { ...PUSH, VAPID_PRIVATE_KEY: '' , VAPID_PUBLIC_KEY: VAPID.publicKey }],
  ['VAPID_SUBJECT', { ...PUSH, VAPID_SUBJECT: 'ops@shop.example' }], ['VAPID_SUBJECT', { ...PUSH, VAPID_SUBJECT: 'https://localhost' }],
  ['PUSH_PREVIEW', { ...PUSH, PUSH_PREVIEW: 'yes' }], ['PUSH_PREVIEW', { PUSH_PREVIEW: 'on' }],
];

function refusal(env: Record<string, string>): ConfigError {
  try {
    chatServerOptionsFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('chatServerOptionsFromEnv', () => {
  it('gives deployment defaults for an empty environment', () => {
    expect(chatServerOptionsFromEnv({})).toEqual({ port: 3000, logLevel: 'info', shutdownGraceMs: 10_000 });
  });

  it('reads every documented variable', () => {
    const options = chatServerOptionsFromEnv({
      PORT: '8080', HOST: '0.0.0.0', ALLOWED_ORIGINS: 'https://shop.example, https://www.shop.example',
      TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: '20', RATE_LIMIT_CONNECTION: '40/8', RATE_LIMIT_SESSION: '10/0.5', RATE_LIMIT_IP: '100/20',
      LOG_LEVEL: 'debug', LOG_MESSAGE_TEXT: '0', SHUTDOWN_GRACE_MS: '0', RESPONSE_TIMEOUT_MS: '15000', ANSWER_LEASE_MS: '5000',
      HTTP_API_PATH: '/chat', REDIS_URL: 'redis://redis:6379', REDIS_KEY_PREFIX: 'shop1:',
      RATE_LIMIT_MESSAGES_IP: '120/2', RATE_LIMIT_SESSIONS_IP: '50/3600000', MAX_HTTP_CONNECTIONS_PER_IP: '64',
      HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '20000', KEEP_ALIVE_TIMEOUT_MS: '0',
    });
    expect(options).toEqual({
      port: 8080, host: '0.0.0.0', logLevel: 'debug', shutdownGraceMs: 0,
      allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
      cors: { origin: ['https://shop.example', 'https://www.shop.example'] },
      trustProxy: true, maxConnectionsPerIp: 20,
      rateLimit: {
        perConnection: { burst: 40, perSecond: 8 }, perSession: { burst: 10, perSecond: 0.5 }, perIp: { burst: 100, perSecond: 20 },
        messagesPerIp: { burst: 120, perSecond: 2 }, sessionsPerIp: { max: 50, windowMs: 3_600_000 },
      },
      maxHttpConnectionsPerIp: 64, headersTimeoutMs: 5000, requestTimeoutMs: 20000, keepAliveTimeoutMs: 0,
      logMessageText: false, responseTimeoutMs: 15000, answerLeaseMs: 5000, httpApiPath: '/chat',
      redis: { url: 'redis://redis:6379', keyPrefix: 'shop1:' },
    });
  });

  it('turns on the hand-off with its operators, opening hours, inbox path and Web Push', async () => {
    expect(chatServerOptionsFromEnv({}).handoff).toBeUndefined();
    const options = chatServerOptionsFromEnv({
      OPERATORS_FILE: OPERATORS, OPERATOR_SECRET: SECRET, OPERATOR_SESSION_TTL_MS: '60000', INBOX_PATH: '/staff',
      OPENING_HOURS: '{"timeZone":"Europe/Paris","weekly":{"mon":[["09:00","17:00"]]}}', ...PUSH, PUSH_PREVIEW: 'true',
    });
    const handoff = options.handoff!;
    expect(handoff).toMatchObject({ inboxPath: '/staff', push: { vapid: { publicKey: VAPID.publicKey, subject: 'mailto:ops@shop.example' }, preview: true } });
    // Monday 2026-12-07 10:00 in Paris is open; 20:00 is not.
    expect(handoff.hours!.isOpen(Date.parse('2026-12-07T09:00:00Z'))).toBe(true);
    expect(handoff.hours!.isOpen(Date.parse('2026-12-07T19:00:00Z'))).toBe(false);
    const signedIn = await handoff.operators.login('alice', 'pw');
    expect(signedIn?.session).toMatchObject({ id: 'op:alice', name: 'Alice' });
    expect(signedIn!.session.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect(await handoff.operators.verify(signedIn!.token)).toMatchObject({ id: 'op:alice' });
    // The store's own tokens alone are enough for a desk, with the inbox where it always is.
    expect(chatServerOptionsFromEnv({ OPERATOR_STORE_SECRET: SECRET }).handoff).toMatchObject({ operators: expect.anything() });
    expect(chatServerOptionsFromEnv({ OPERATOR_STORE_SECRET: SECRET, INBOX_PATH: 'off' }).handoff?.inboxPath).toBe(false);
    // The secrets never show in a refusal.
    const error = refusal({ OPERATORS_FILE: OPERATORS, OPERATOR_SECRET: 'tiny-secret', ...PUSH, OPERATOR_STORE_SECRET: 'tiny-store', VAPID_PRIVATE_KEY: OTHER.privateKey });
    expect(error.message).not.toMatch(/tiny-secret|tiny-store/);
    expect(error.message).not.toContain(OTHER.privateKey);
  });

  it('turns features off with off, and takes * for any origin', () => {
    const options = chatServerOptionsFromEnv({ RATE_LIMIT: 'off', MAX_CONNECTIONS_PER_IP: 'off', HTTP_API_PATH: 'off', ALLOWED_ORIGINS: '*' });
    expect(options).toMatchObject({ rateLimit: false, maxConnectionsPerIp: false, httpApiPath: false, allowedOrigins: '*', cors: { origin: true } });
  });

  it.each(BAD)('refuses a bad %s, naming it: %j', (name, env) => {
    const error = refusal(env);
    expect(error).toMatchObject({ code: 'config_refused', variables: [name] });
    expect(error.message).toContain(name);
  });

  it('has a bad value tested for every variable it reads', () => {
    const tested = new Set(BAD.map(([name]) => name));
    expect(Object.keys(ENV_VARIABLES).filter((name) => !tested.has(name))).toEqual([]);
  });

  it('names every variable at fault at once, and never repeats a secret', () => {
    const error = refusal({ PORT: 'x', RATE_LIMIT: 'nope', AUTH_SECRET: 'hunter2', REDIS_URL: 'redis//:hunter2@redis' });
    expect(error.variables).toEqual(['PORT', 'RATE_LIMIT', 'REDIS_URL', 'AUTH_SECRET']);
    expect(error.message).not.toContain('hunter2');
    expect(refusal({ ALLOWED_ORIGINS: '127.0.0.1:5175' }).message).toMatch(/ALLOWED_ORIGINS .*scheme:\/\/host\[:port\].*"127\.0\.0\.1:5175"/);
  });

  it('takes the documented spellings of booleans and origins', () => {
    for (const [value, expected] of [['true', true], ['on', true], ['1', true], ['TRUE', true], ['false', false], ['off', false], ['0', false], ['Off', false]] as const) {
      expect(chatServerOptionsFromEnv({ TRUST_PROXY: value }).trustProxy).toBe(expected);
    }
    expect(chatServerOptionsFromEnv({ RATE_LIMIT: 'on' }).rateLimit).toBeUndefined();
    expect(chatServerOptionsFromEnv({ RATE_LIMIT: 'false', MAX_CONNECTIONS_PER_IP: 'false' })).toMatchObject({ rateLimit: false, maxConnectionsPerIp: false });
    // As browsers send them: lower case, no trailing slash, no default port.
    expect(chatServerOptionsFromEnv({ ALLOWED_ORIGINS: 'https://Shop.Example/,http://127.0.0.1:5175, https://a.example:443' }).allowedOrigins)
      .toEqual(['https://shop.example', 'http://127.0.0.1:5175', 'https://a.example']);
    expect(chatServerOptionsFromEnv({ HOST: '::' }).host).toBe('::');
    expect(chatServerOptionsFromEnv({ PORT: ' 8080 ', HOST: '', LOG_LEVEL: '' })).toEqual({ port: 8080, logLevel: 'info', shutdownGraceMs: 10_000 });
    expect(chatServerOptionsFromEnv({ REDIS_URL: 'rediss://:pw@redis:6380/1', REDIS_REQUIRE_PERSISTENCE: 'off' }).redis).toEqual({ url: 'rediss://:pw@redis:6380/1', requirePersistence: false });
  });

  it('builds a responder from CHAT_API_URL or OPENAI_*, and refuses both or a model-less key', () => {
    expect(chatServerOptionsFromEnv({ CHAT_API_URL: 'https://shop.example/api/chat' }).respond).toBeTypeOf('function');
    expect(chatServerOptionsFromEnv({ OPENAI_API_KEY: 'sk', OPENAI_MODEL: 'gpt-4o-mini' }).respond).toBeTypeOf('function');
    expect(chatServerOptionsFromEnv({}).respond).toBeUndefined();
    expect(() => chatServerOptionsFromEnv({ OPENAI_API_KEY: 'sk' })).toThrow('OPENAI_MODEL');
    expect(() => chatServerOptionsFromEnv({ CHAT_API_URL: 'https://a.example', OPENAI_MODEL: 'm' })).toThrow('CHAT_API_URL');
    expect(() => chatServerOptionsFromEnv({ CHAT_API_URL: 'not a url' })).toThrow();
    expect(chatServerOptionsFromEnv({ OPENAI_MODEL: 'm', OPENAI_HISTORY_TURNS: '0', OPENAI_HISTORY_CHARS: '500' }).respond).toBeTypeOf('function');
    expect(() => chatServerOptionsFromEnv({ OPENAI_MODEL: 'm', OPENAI_HISTORY_TURNS: 'ten' })).toThrow('OPENAI_HISTORY_TURNS');
    expect(() => chatServerOptionsFromEnv({ OPENAI_MODEL: 'm', OPENAI_HISTORY_CHARS: '-1' })).toThrow('OPENAI_HISTORY_CHARS');
  });

  it('builds an auth hook from AUTH_SECRET (anonymous shoppers welcome unless told) or SHOPIFY_APP_SECRET', async () => {
    const secret = 'x'.repeat(40);
    const auth = chatServerOptionsFromEnv({ AUTH_SECRET: secret }).auth!;
    const request = { url: '/', headers: {} } as never;
    expect(await auth({ sessionId: 's', client: 't' }, request)).toBe(true);
    expect(await chatServerOptionsFromEnv({ AUTH_SECRET: secret, AUTH_ALLOW_ANONYMOUS: 'false' }).auth!({ sessionId: 's', client: 't' }, request)).toBe(false);
    expect(await auth({ sessionId: 's', client: 't', token: signIdentity(secret, 'c1') }, request)).toEqual({ identity: 'customer:c1' });
    expect(chatServerOptionsFromEnv({ SHOPIFY_APP_SECRET: 'shh' }).auth).toBeTypeOf('function');
    expect(() => chatServerOptionsFromEnv({ AUTH_SECRET: 'short' })).toThrow('AUTH_SECRET');
    expect(() => chatServerOptionsFromEnv({ AUTH_SECRET: secret, SHOPIFY_APP_SECRET: 'shh' })).toThrow('SHOPIFY_APP_SECRET');
  });

  it('has every variable it reads documented in the README', () => {
    const names = Object.keys(ENV_VARIABLES);
    expect(names.length).toBeGreaterThan(25);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it('makes options createChatServer accepts', async () => {
    const server = createChatServer({ ...chatServerOptionsFromEnv({ PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'https://a.example' }), logger: () => undefined });
    await server.ready;
    expect(server.port).toBeGreaterThan(0);
    await server.close();
  });
});
