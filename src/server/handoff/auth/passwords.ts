import bcrypt from 'bcryptjs';

/** A bcrypt hash as `hashOperatorPassword` (or any bcrypt tool: `$2a$`, `$2b$`, `$2y$`) writes it. */
const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** bcrypt's range of costs (log2 of the rounds). */
const MIN_COST = 4;
const MAX_COST = 31;

export interface HashPasswordOptions {
  /**
   * bcrypt cost (log2 of the rounds): each step doubles the work for the server and for anyone
   * guessing from a leaked hash. 11 takes a few hundred ms in pure JavaScript on a small server.
   * @default 11
   */
  cost?: number;
}

/**
 * Hashes an operator's password with bcrypt (a fresh salt each time) for the `operators` option of
 * `operatorAuth`. bcrypt reads only the first 72 bytes of a password.
 *
 * @example
 * const passwordHash = await hashOperatorPassword('correct horse battery staple');
 * operatorAuth({ secret, operators: [{ login: 'alice', name: 'Alice', passwordHash }] });
 */
export async function hashOperatorPassword(password: string, options: HashPasswordOptions = {}): Promise<string> {
  if (typeof password !== 'string' || password === '') throw new TypeError('hashOperatorPassword: password must be a non-empty string');
  const cost = options.cost ?? 11;
  if (!(Number.isInteger(cost) && cost >= MIN_COST && cost <= MAX_COST)) {
    throw new RangeError(`hashOperatorPassword: cost must be an integer from ${MIN_COST} to ${MAX_COST}, got ${cost}`);
  }
  return bcrypt.hash(password, cost);
}

/** The cost of a bcrypt hash, or undefined when `hash` is not one. */
export function bcryptCost(hash: unknown): number | undefined {
  const match = typeof hash === 'string' ? BCRYPT_HASH.exec(hash) : null;
  if (!match) return undefined;
  const cost = Number(match[1]);
  return cost >= MIN_COST && cost <= MAX_COST ? cost : undefined;
}

/**
 * A well-formed hash of no password anyone knows, at `cost`: comparing against it costs what a
 * real comparison costs, so an unknown login takes as long to refuse as a wrong password.
 */
export function decoyHash(cost: number): string {
  return `$2b$${String(cost).padStart(2, '0')}$${'decoyhashforunknownoperatorlogins'.padEnd(53, 'O')}`;
}

/** bcrypt's own comparison, which runs the whole key schedule whatever the answer. */
export function passwordMatches(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
