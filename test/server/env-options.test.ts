import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatServerOptionsFromEnv, createChatServer, signIdentity } from '../../src/server';

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
    });
    expect(options).toEqual({
      port: 8080, host: '0.0.0.0', logLevel: 'debug', shutdownGraceMs: 0,
      allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
      cors: { origin: ['https://shop.example', 'https://www.shop.example'] },
      trustProxy: true, maxConnectionsPerIp: 20,
      rateLimit: { perConnection: { burst: 40, perSecond: 8 }, perSession: { burst: 10, perSecond: 0.5 }, perIp: { burst: 100, perSecond: 20 } },
      logMessageText: false, responseTimeoutMs: 15000, answerLeaseMs: 5000, httpApiPath: '/chat',
      redis: { url: 'redis://redis:6379', keyPrefix: 'shop1:' },
    });
  });

  it('turns features off with off, and takes * for any origin', () => {
    const options = chatServerOptionsFromEnv({ RATE_LIMIT: 'off', MAX_CONNECTIONS_PER_IP: 'off', HTTP_API_PATH: 'off', ALLOWED_ORIGINS: '*' });
    expect(options).toMatchObject({ rateLimit: false, maxConnectionsPerIp: false, httpApiPath: false, allowedOrigins: '*', cors: { origin: true } });
  });

  it.each([
    ['PORT', '80a'], ['PORT', '70000'], ['LOG_LEVEL', 'loud'], ['TRUST_PROXY', 'maybe'], ['RATE_LIMIT_SESSION', '10'],
    ['RATE_LIMIT_CONNECTION', '0/1'], ['RATE_LIMIT_IP', 'x/1'], ['ANSWER_LEASE_MS', '10'], ['SHUTDOWN_GRACE_MS', '-5'], ['MAX_CONNECTIONS_PER_IP', '0'],
  ])('refuses a malformed %s naming it', (name, value) => {
    expect(() => chatServerOptionsFromEnv({ [name]: value })).toThrow(name);
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
    const source = readFileSync(new URL('../../src/server/env-options.ts', import.meta.url), 'utf8');
    const names = [...source.matchAll(/read\.\w+\('([A-Z_]+)'/g)].map((m) => m[1]!);
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
