import {
  ConfigError, bool, bucket, host, int, keyPrefix, offOr, oneOf, origins, path, sessionWindow, text, url, type EnvParser,
} from './env-readers.js';
import { CATALOG_FORMATS } from '../catalog/connectors/create-connector.js';
import { currencyCode } from '../catalog/connectors/price.js';
import { loadFaqFile, type FaqEntry } from '../catalog/faq.js';
import { LOG_LEVELS } from '../operations/logger.js';
import { checkVapid } from '../handoff/push/vapid.js';
import { openingHoursJson, operatorsFile } from './handoff-readers.js';

// The variables and their checks live apart from what is built from them (env-options.ts), so
// the catalog's own env reader can use them without importing the options that import it.

export type Env = Readonly<Record<string, string | undefined>>;

const HTTP = ['http:', 'https:'];

/**
 * Every variable the server reads, with how its value is checked. To add one: a row here, its use
 * in `chatServerOptionsFromEnv` (its value arrives typed), a row in the README's table, and a bad
 * value in test/server/env-options.test.ts (a test fails until all three exist).
 */
export const ENV_VARIABLES = {
  PORT: int(0, 65535),
  HOST: host(),
  ALLOWED_ORIGINS: origins(),
  TRUST_PROXY: bool(),
  MAX_CONNECTIONS_PER_IP: offOr(int(1)),
  RATE_LIMIT: bool(),
  RATE_LIMIT_CONNECTION: bucket(),
  RATE_LIMIT_SESSION: bucket(),
  RATE_LIMIT_IP: bucket(),
  RATE_LIMIT_MESSAGES_IP: bucket(),
  RATE_LIMIT_SESSIONS_IP: sessionWindow(),
  MAX_HTTP_CONNECTIONS_PER_IP: offOr(int(1)),
  HEADERS_TIMEOUT_MS: int(1000),
  REQUEST_TIMEOUT_MS: int(1000),
  KEEP_ALIVE_TIMEOUT_MS: int(0),
  LOG_LEVEL: oneOf(LOG_LEVELS),
  LOG_MESSAGE_TEXT: bool(),
  SHUTDOWN_GRACE_MS: int(0),
  RESPONSE_TIMEOUT_MS: int(1),
  ANSWER_LEASE_MS: int(30),
  HTTP_API_PATH: offOr(path()),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://redis:6379'),
  REDIS_KEY_PREFIX: keyPrefix(),
  REDIS_REQUIRE_PERSISTENCE: bool(),
  CHAT_API_URL: url(HTTP, 'https://shop.example/api/chat'),
  CHAT_API_TIMEOUT_MS: int(1),
  CHAT_API_TOKEN: text(),
  OPENAI_MODEL: text(),
  OPENAI_API_KEY: text(),
  OPENAI_BASE_URL: url(HTTP, 'https://api.openai.com/v1'),
  OPENAI_SYSTEM_PROMPT: text(),
  OPENAI_TIMEOUT_MS: int(1),
  OPENAI_HISTORY_TURNS: int(0),
  OPENAI_HISTORY_CHARS: int(0),
  AUTH_SECRET: text(32),
  AUTH_MAX_AGE_MS: int(1),
  AUTH_ALLOW_ANONYMOUS: bool(),
  SHOPIFY_APP_SECRET: text(),
  CATALOG_URL: catalogLocation(),
  CATALOG_FORMAT: oneOf(CATALOG_FORMATS),
  CATALOG_REFRESH_MS: offOr(int(1000)),
  CATALOG_MAX_RESULTS: int(1, 50),
  CATALOG_TOKEN: text(),
  CATALOG_WEBHOOK_SECRET: text(16),
  CATALOG_CURRENCY: currency(),
  CATALOG_STORE_URL: url(HTTP, 'https://shop.example.com'),
  CATALOG_TIMEZONE: timeZone(),
  FAQ_PATH: faqFile(),
  PUBLIC_URL: url(HTTP, 'https://chat.example.com'),
  OPERATORS_FILE: operatorsFile(),
  OPERATOR_SECRET: text(32),
  OPERATOR_STORE_SECRET: text(32),
  OPERATOR_SESSION_TTL_MS: int(60_000),
  OPENING_HOURS: openingHoursJson(),
  INBOX_PATH: offOr(path()),
  VAPID_PUBLIC_KEY: text(),
  VAPID_PRIVATE_KEY: text(),
  VAPID_SUBJECT: text(),
  PUSH_PREVIEW: bool(),
} satisfies Record<string, EnvParser<unknown>>;

type Name = keyof typeof ENV_VARIABLES;
/** The variables that are set, read into typed values. */
export type EnvValues = { [K in Name]?: ReturnType<(typeof ENV_VARIABLES)[K]> };

/** Values never repeated in an error message, since messages end up in logs. */
const SECRETS: ReadonlySet<Name> = new Set<Name>([
  'AUTH_SECRET', 'SHOPIFY_APP_SECRET', 'CHAT_API_TOKEN', 'OPENAI_API_KEY', 'REDIS_URL', 'CATALOG_TOKEN', 'CATALOG_WEBHOOK_SECRET',
  'OPERATOR_SECRET', 'OPERATOR_STORE_SECRET', 'VAPID_PRIVATE_KEY',
]);

/** Variables that only qualify another one: set without it, they would be silently ignored. */
const QUALIFIES: Partial<Record<Name, Name>> = {
  REDIS_KEY_PREFIX: 'REDIS_URL', REDIS_REQUIRE_PERSISTENCE: 'REDIS_URL',
  CHAT_API_TIMEOUT_MS: 'CHAT_API_URL', CHAT_API_TOKEN: 'CHAT_API_URL',
  OPENAI_API_KEY: 'OPENAI_MODEL', OPENAI_BASE_URL: 'OPENAI_MODEL', OPENAI_SYSTEM_PROMPT: 'OPENAI_MODEL', OPENAI_TIMEOUT_MS: 'OPENAI_MODEL',
  OPENAI_HISTORY_TURNS: 'OPENAI_MODEL', OPENAI_HISTORY_CHARS: 'OPENAI_MODEL',
  AUTH_MAX_AGE_MS: 'AUTH_SECRET', AUTH_ALLOW_ANONYMOUS: 'AUTH_SECRET',
  CATALOG_FORMAT: 'CATALOG_URL', CATALOG_REFRESH_MS: 'CATALOG_URL', CATALOG_TOKEN: 'CATALOG_URL', CATALOG_WEBHOOK_SECRET: 'CATALOG_URL',
  CATALOG_CURRENCY: 'CATALOG_URL', CATALOG_STORE_URL: 'CATALOG_URL', CATALOG_TIMEZONE: 'CATALOG_URL', CATALOG_MAX_RESULTS: 'CATALOG_URL',
  OPERATORS_FILE: 'OPERATOR_SECRET', OPERATOR_SECRET: 'OPERATORS_FILE', OPERATOR_SESSION_TTL_MS: 'OPERATOR_SECRET',
  VAPID_PRIVATE_KEY: 'VAPID_PUBLIC_KEY', VAPID_SUBJECT: 'VAPID_PUBLIC_KEY', PUSH_PREVIEW: 'VAPID_PUBLIC_KEY',
};

/** Variables of the hand-off, which needs operators who can sign in: a file of them or the store's secret. */
const HANDOFF_PARTS: readonly Name[] = ['OPENING_HOURS', 'INBOX_PATH', 'VAPID_PUBLIC_KEY'];

/** A FAQ file (JSON or markdown) read and checked at start, so a typo stops the deploy. */
function faqFile(): EnvParser<FaqEntry[]> {
  return (raw) => {
    try {
      return loadFaqFile(raw);
    } catch (error) {
      throw new Error(`must name a readable FAQ file (JSON or markdown): ${(error as Error).message}`);
    }
  };
}

/** A store's address or feed URL (http or https), or a file path; not another scheme. */
function catalogLocation(): EnvParser<string> {
  return (raw) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return url(HTTP, 'https://shop.example.com')(raw);
    return raw;
  };
}

/** An ISO 4217 code such as USD, in any case. */
function currency(): EnvParser<string> {
  return (raw) => {
    const code = currencyCode(raw);
    if (code === undefined) throw new Error('must be a three-letter ISO 4217 code such as USD');
    return code;
  };
}

/**
 * An IANA time zone such as Europe/Paris: the store's, in which Magento's special-price dates are
 * whole days. Checked by the runtime's own time-zone data, so a typo is refused at start.
 */
function timeZone(): EnvParser<string> {
  return (raw) => {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: raw }).resolvedOptions().timeZone;
    } catch {
      throw new Error('must be an IANA time zone such as Europe/Paris');
    }
  };
}

/** What is wrong with the VAPID keys and subject as a set, told by the notifier's own check. */
function vapidProblem(values: Record<string, unknown>): [Name, string] | undefined {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = values;
  if (typeof publicKey !== 'string' || typeof privateKey !== 'string' || typeof subject !== 'string') return undefined;
  try {
    checkVapid({ publicKey, privateKey, subject }, 'VAPID');
    return undefined;
  } catch (error) {
    const message = (error as Error).message.replace(/^VAPID: /, '');
    // Named by the key the check found at fault; never repeating the private key.
    const name: Name = /subject/.test(message) ? 'VAPID_SUBJECT' : /privateKey/.test(message) ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY';
    return [name, `is refused: ${message.replace(/vapid\.(publicKey|privateKey|subject)/g, (_, key: string) => `VAPID_${key === 'publicKey' ? 'PUBLIC_KEY' : key === 'privateKey' ? 'PRIVATE_KEY' : 'SUBJECT'}`)}`];
  }
}

/** The rate-limit variables, which RATE_LIMIT=false contradicts. */
export const RATE_LIMIT_RULES = ['RATE_LIMIT_CONNECTION', 'RATE_LIMIT_SESSION', 'RATE_LIMIT_IP', 'RATE_LIMIT_MESSAGES_IP', 'RATE_LIMIT_SESSIONS_IP'] as const;

/** Pairs that contradict each other. */
const EXCLUSIVE: readonly (readonly [Name, Name])[] = [['AUTH_SECRET', 'SHOPIFY_APP_SECRET'], ['CHAT_API_URL', 'OPENAI_MODEL']];

/**
 * Reads and checks every variable in `ENV_VARIABLES`, throwing one `ConfigError` (code
 * `config_refused`) that names each malformed, orphaned or contradictory variable. An empty
 * variable counts as unset; values are trimmed.
 */
export function readEnv(env: Env): EnvValues {
  const values: Record<string, unknown> = {};
  const variables: string[] = [];
  const problems: string[] = [];
  const refuse = (name: string, problem: string) => {
    variables.push(name);
    problems.push(`${name} ${problem}`);
  };
  for (const [name, parse] of Object.entries(ENV_VARIABLES) as [Name, EnvParser<unknown>][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    try {
      values[name] = parse(raw);
    } catch (error) {
      refuse(name, `${(error as Error).message}${SECRETS.has(name) ? '' : `, got ${JSON.stringify(raw)}`}`);
    }
  }
  const set = (name: Name) => values[name] !== undefined || variables.includes(name);
  for (const [name, needs] of Object.entries(QUALIFIES) as [Name, Name][]) {
    if (set(name) && !set(needs)) refuse(name, `is set but ${needs} is not: set ${needs} too, or unset ${name}`);
  }
  for (const [a, b] of EXCLUSIVE) if (set(a) && set(b)) refuse(b, `cannot be set together with ${a}: choose one`);
  const requestTimeoutMs = (values.REQUEST_TIMEOUT_MS as number | undefined) ?? 30_000;
  if (typeof values.HEADERS_TIMEOUT_MS === 'number' && values.HEADERS_TIMEOUT_MS > requestTimeoutMs) {
    refuse('HEADERS_TIMEOUT_MS', `must not be longer than REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  if (set('CATALOG_URL') && !set('CATALOG_FORMAT')) refuse('CATALOG_FORMAT', `must be set with CATALOG_URL, to one of ${CATALOG_FORMATS.join(', ')}`);
  if (values.RATE_LIMIT === false) {
    for (const name of RATE_LIMIT_RULES) {
      if (set(name)) refuse(name, 'is set but RATE_LIMIT is off: unset one of them');
    }
  }
  const handoff = set('OPERATORS_FILE') || set('OPERATOR_STORE_SECRET');
  for (const name of HANDOFF_PARTS) {
    if (set(name) && !handoff && !variables.includes(name)) refuse(name, 'is set but the hand-off is off: set OPERATORS_FILE (with OPERATOR_SECRET) or OPERATOR_STORE_SECRET, or unset it');
  }
  if (set('VAPID_PUBLIC_KEY')) {
    for (const name of ['VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const) if (!set(name)) refuse(name, 'must be set with VAPID_PUBLIC_KEY (npx web-push generate-vapid-keys)');
    const problem = vapidProblem(values);
    if (problem) refuse(problem[0], problem[1]);
  }
  if (values.INBOX_PATH === false && set('VAPID_PUBLIC_KEY')) refuse('INBOX_PATH', 'is off but Web Push (VAPID_PUBLIC_KEY) needs the inbox\'s push endpoint');
  if (problems.length > 0) throw new ConfigError(variables, problems);
  return values as EnvValues;
}
