import type { OperatorAuthenticator, OperatorSession } from '../contracts.js';
import { RateLimiter, type BucketRule } from '../../guards/rate-limiter.js';
import { LoginRateLimited } from './login-rate-limited.js';
import { bcryptCost, decoyHash, passwordMatches } from './passwords.js';
import { SessionTokens } from './session-token.js';
import { StoreTokenVerifier } from './store-token.js';
import { isCleanText } from './token-codec.js';

/** A member of staff who signs in to the inbox with a password. */
export interface ConfiguredOperator {
  /** What they type to sign in; their operator id is `op:<login>`. */
  login: string;
  /** Shown to shoppers and other operators. */
  name: string;
  /** A bcrypt hash, from `hashOperatorPassword` (or `node bin/hash-operator-password.mjs`). */
  passwordHash: string;
}

export interface OperatorAuthOptions {
  /** Operators who sign in with a password through `login`. @default [] */
  operators?: readonly ConfiguredOperator[];
  /**
   * The server's secret (at least 32 characters) that signs the session tokens `login` issues;
   * every process must share it. Required with `operators`.
   */
  secret?: string;
  /**
   * The store backend's secret (at least 32 characters) for tokens it signs with
   * `signOperatorToken`, so staff signed in to the store's own admin need no second password.
   * Without it such tokens are refused. @default undefined
   */
  storeSecret?: string;
  /** How long a session from `login` lasts. @default 43200000 (12 hours) */
  sessionTtlMs?: number;
  /** How long a store-signed token is accepted after the time it carries. @default sessionTtlMs */
  storeTokenMaxAgeMs?: number;
  /**
   * Sign-in attempts per login (known or not), against password guessing: past it `login` rejects
   * with `LoginRateLimited` without checking the password. The login route also limits per
   * address. @default { burst: 10, perSecond: 1 / 30 }
   */
  loginRate?: BucketRule;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** How far in the future a store token's time may be, for clocks that disagree a little. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_LOGIN = 200;
const MAX_NAME = 80;

/**
 * Operator sign-in for the inbox: configured operators with bcrypt password hashes, who get
 * HMAC-signed session tokens from `login`, and (with `storeSecret`) tokens signed by the store's
 * backend. An unknown login is refused like a wrong password, after a bcrypt comparison of the
 * same cost, so logins cannot be probed by the answer or its time.
 *
 * @example
 * const auth = operatorAuth({
 *   secret: process.env.OPERATOR_SECRET,
 *   operators: [{ login: 'alice', name: 'Alice', passwordHash: await hashOperatorPassword('…') }],
 * });
 * const signedIn = await auth.login('alice', '…'); // { token, session } or null
 */
export function operatorAuth(options: OperatorAuthOptions): OperatorAuthenticator {
  return new PasswordAndStoreAuth(options);
}

class PasswordAndStoreAuth implements OperatorAuthenticator {
  private readonly operators = new Map<string, ConfiguredOperator>();
  private readonly sessions: SessionTokens | undefined;
  private readonly store: StoreTokenVerifier | undefined;
  private readonly sessionTtlMs: number;
  private readonly attempts: RateLimiter;
  private readonly decoy: string;
  private readonly now: () => number;

  constructor(options: OperatorAuthOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('operatorAuth: pass { secret, operators } and/or { storeSecret }');
    const operators = options.operators ?? [];
    if (!Array.isArray(operators)) throw new TypeError('operatorAuth: operators must be a list of { login, name, passwordHash }');
    if (operators.length === 0 && options.storeSecret === undefined) {
      throw new TypeError('operatorAuth: configure operators (with secret) or storeSecret, or nobody can sign in');
    }
    let cost = 0;
    for (const [index, operator] of operators.entries()) cost = Math.max(cost, this.addOperator(operator, index));
    if (operators.length > 0) {
      this.sessions = new SessionTokens(secretOf(options.secret, 'secret', 'OPERATOR_SECRET'));
    }
    this.sessionTtlMs = positive(options.sessionTtlMs ?? 43_200_000, 'sessionTtlMs');
    if (options.storeSecret !== undefined) {
      const maxAgeMs = positive(options.storeTokenMaxAgeMs ?? this.sessionTtlMs, 'storeTokenMaxAgeMs');
      this.store = new StoreTokenVerifier(secretOf(options.storeSecret, 'storeSecret', 'OPERATOR_STORE_SECRET'), maxAgeMs, CLOCK_SKEW_MS);
    }
    const rule = options.loginRate ?? { burst: 10, perSecond: 1 / 30 };
    if (!(rule.burst >= 1 && rule.perSecond > 0)) throw new RangeError('operatorAuth: loginRate needs burst >= 1 and perSecond > 0');
    this.now = options.now ?? Date.now;
    this.attempts = new RateLimiter(rule, this.now);
    // As costly as the dearest real hash, so no login answers faster than another.
    this.decoy = decoyHash(operators.length > 0 ? cost : 11);
  }

  async login(login: string, password: string): Promise<{ token: string; session: OperatorSession } | null> {
    if (typeof login !== 'string' || typeof password !== 'string') throw new TypeError('login: login and password must be strings');
    const taken = this.attempts.take(login.toLowerCase());
    if (!taken.ok) throw new LoginRateLimited(taken.retryAfterMs);
    const operator = this.operators.get(login);
    const matches = await passwordMatches(password, operator?.passwordHash ?? this.decoy);
    if (operator === undefined || !matches || this.sessions === undefined) return null;
    const session = { id: `op:${operator.login}`, name: operator.name, expiresAt: this.now() + this.sessionTtlMs };
    const token = this.sessions.issue({ login: operator.login, exp: session.expiresAt, pw: this.sessions.passwordVersion(operator.passwordHash) });
    return { token, session };
  }

  async verify(token: string): Promise<OperatorSession | null> {
    if (typeof token !== 'string' || token.length > 4096) return null;
    const now = this.now();
    const claims = this.sessions?.read(token);
    if (claims !== undefined) {
      const operator = this.operators.get(claims.login);
      // A removed operator, or one whose password changed, is signed out everywhere at once.
      if (operator === undefined || claims.pw !== this.sessions?.passwordVersion(operator.passwordHash) || now >= claims.exp) return null;
      return { id: `op:${operator.login}`, name: operator.name, expiresAt: claims.exp };
    }
    const stored = this.store?.verify(token, now);
    return stored === undefined ? null : { id: `op:${stored.id}`, name: stored.name, expiresAt: stored.expiresAt };
  }

  /** Checks and keeps one configured operator; returns the cost of its hash. */
  private addOperator(operator: ConfiguredOperator, index: number): number {
    const where = `operatorAuth: operators[${index}]`;
    if (!isCleanText(operator?.login, MAX_LOGIN) || operator.login.trim() !== operator.login) {
      throw new TypeError(`${where}.login must be 1 to ${MAX_LOGIN} characters without spaces around it or control characters`);
    }
    if (!isCleanText(operator.name, MAX_NAME)) throw new TypeError(`${where}.name must be 1 to ${MAX_NAME} characters without control characters`);
    const cost = bcryptCost(operator.passwordHash);
    if (cost === undefined) {
      throw new TypeError(`${where}.passwordHash is not a bcrypt hash ($2b$...); make one with hashOperatorPassword() or node bin/hash-operator-password.mjs`);
    }
    if (this.operators.has(operator.login)) throw new TypeError(`${where}: login "${operator.login}" is configured twice`);
    this.operators.set(operator.login, { login: operator.login, name: operator.name, passwordHash: operator.passwordHash });
    return cost;
  }
}

function secretOf(value: unknown, option: string, variable: string): string {
  if (typeof value !== 'string' || value.length < 32) {
    throw new TypeError(`operatorAuth: ${option} must be a string of at least 32 characters (a random one, e.g. from openssl rand -hex 32; ${variable} in the environment)`);
  }
  return value;
}

function positive(value: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`operatorAuth: ${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}
