import { describe, expect, it } from 'vitest';
import {
  LoginRateLimited, hashOperatorPassword, hmacIdentityVerifier, operatorAuth, signIdentity, signOperatorToken, type OperatorAuthOptions,
} from '../../../src/server';

const SECRET = 'the-servers-own-operator-secret-0123456789';
const STORE_SECRET = 'the-store-backends-shared-secret-0123456789';
const HOUR = 3_600_000;
// The lowest bcrypt cost keeps the suite quick; the cost is read from each hash.
const COST = 4;

async function setup(extra: Partial<OperatorAuthOptions> = {}) {
  const clock = { now: Date.parse('2026-12-07T09:00:00Z') };
  const operators = [
    { login: 'alice', name: 'Alice', passwordHash: await hashOperatorPassword('alice-password', { cost: COST }) },
    { login: 'bob', name: 'Bob', passwordHash: await hashOperatorPassword('bob-password', { cost: COST }) },
  ];
  const options: OperatorAuthOptions = { secret: SECRET, operators, now: () => clock.now, ...extra };
  return { clock, operators, options, auth: operatorAuth(options) };
}

describe('operatorAuth', () => {
  it('signs a configured operator in with a token that verify accepts until the session expires', async () => {
    const { auth, clock } = await setup({ sessionTtlMs: 2 * HOUR });
    const signedIn = await auth.login('alice', 'alice-password');
    expect(signedIn?.session).toEqual({ id: 'op:alice', name: 'Alice', expiresAt: clock.now + 2 * HOUR });
    const token = signedIn!.token;
    expect(await auth.verify(token)).toEqual(signedIn!.session);
    clock.now += 2 * HOUR - 1;
    expect(await auth.verify(token)).toEqual(signedIn!.session);
    clock.now += 1;
    expect(await auth.verify(token)).toBeNull();
  });

  it('lasts 12 hours by default, and every process with the same secret accepts the token', async () => {
    const { auth, clock, options } = await setup();
    const { token } = (await auth.login('bob', 'bob-password'))!;
    const otherProcess = operatorAuth(options);
    expect(await otherProcess.verify(token)).toEqual({ id: 'op:bob', name: 'Bob', expiresAt: clock.now + 12 * HOUR });
    const otherSecret = operatorAuth({ ...options, secret: 'another-secret-entirely-0123456789abcdef' });
    expect(await otherSecret.verify(token)).toBeNull();
  });

  it('answers a wrong password and an unknown login alike, with null', async () => {
    const { auth } = await setup();
    expect(await auth.login('alice', 'bob-password')).toBeNull();
    expect(await auth.login('mallory', 'alice-password')).toBeNull();
    expect(await auth.login('Alice', 'alice-password')).toBeNull();
    expect(await auth.login('alice', '')).toBeNull();
  });

  it('spends about as long on an unknown login as on a wrong password (a bcrypt comparison either way)', async () => {
    // A cost where one comparison takes milliseconds, so the work shows over the noise; without the
    // decoy comparison an unknown login answers hundreds of times faster.
    const passwordHash = await hashOperatorPassword('alice-password', { cost: 8 });
    const auth = operatorAuth({ secret: SECRET, operators: [{ login: 'alice', name: 'Alice', passwordHash }], loginRate: { burst: 100, perSecond: 1 } });
    const time = async (login: string) => {
      const start = process.hrtime.bigint();
      expect(await auth.login(login, 'not-the-password')).toBeNull();
      return Number(process.hrtime.bigint() - start);
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved, so a busy machine slows both alike.
    for (let i = 0; i < 6; i++) {
      unknown.push(await time(`nobody-${i}`));
      wrong.push(await time('alice'));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(3);
  });

  it('limits attempts per login, known or not, before checking the password', async () => {
    const { auth, clock } = await setup({ loginRate: { burst: 3, perSecond: 1 / 60 } });
    for (let i = 0; i < 3; i++) expect(await auth.login('alice', `guess-${i}`)).toBeNull();
    const refused = await auth.login('alice', 'alice-password').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LoginRateLimited);
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    // Another login has its own budget; an unknown one is limited the same way.
    expect(await auth.login('bob', 'bob-password')).not.toBeNull();
    for (let i = 0; i < 3; i++) await auth.login('ghost', 'x');
    await expect(auth.login('ghost', 'x')).rejects.toBeInstanceOf(LoginRateLimited);
    clock.now += 60_000;
    expect(await auth.login('alice', 'alice-password')).not.toBeNull();
  });

  it('refuses forged, tampered, expired and malformed session tokens', async () => {
    const { auth, clock } = await setup();
    const { token } = (await auth.login('alice', 'alice-password'))!;
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const rewritten = (changes: Record<string, unknown>) => `${prefix}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
    const refused = {
      'flipped signature': `${prefix}.${payload}.${signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}`,
      'another login': rewritten({ login: 'bob' }),
      'later expiry': rewritten({ exp: clock.now + 1000 * HOUR }),
      'short signature': `${prefix}.${payload}.abcd`,
      'no signature': `${prefix}.${payload}`,
      empty: '',
      garbage: 'not-a-token',
      huge: `${token}${'a'.repeat(10_000)}`,
    };
    for (const [name, forged] of Object.entries(refused)) expect({ name, session: await auth.verify(forged) }).toEqual({ name, session: null });
  });

  it('signs out an operator who is removed or whose password changes', async () => {
    const { auth, options, operators } = await setup();
    const { token } = (await auth.login('alice', 'alice-password'))!;
    const removed = operatorAuth({ ...options, operators: operators.filter((o) => o.login !== 'alice') });
    expect(await removed.verify(token)).toBeNull();
    const newPassword = await hashOperatorPassword('alice-new-password', { cost: COST });
    const changed = operatorAuth({ ...options, operators: operators.map((o) => (o.login === 'alice' ? { ...o, passwordHash: newPassword } : o)) });
    expect(await changed.verify(token)).toBeNull();
    // Renamed only: still signed in, under the new name.
    const renamed = operatorAuth({ ...options, operators: operators.map((o) => (o.login === 'alice' ? { ...o, name: 'Alice B.' } : o)) });
    expect(await renamed.verify(token)).toMatchObject({ id: 'op:alice', name: 'Alice B.' });
  });
});

describe('store-signed operator tokens', () => {
  it('accepts tokens the store signs with signOperatorToken, until they are too old', async () => {
    const { auth, clock } = await setup({ storeSecret: STORE_SECRET, storeTokenMaxAgeMs: HOUR });
    const token = signOperatorToken(STORE_SECRET, { id: 'staff.17@shop', name: 'Chloé' }, clock.now);
    const issuedAt = Math.floor(clock.now / 1000) * 1000;
    expect(await auth.verify(token)).toEqual({ id: 'op:staff.17@shop', name: 'Chloé', expiresAt: issuedAt + HOUR });
    clock.now = issuedAt + HOUR;
    expect(await auth.verify(token)).toBeNull();
    // A token dated well in the future is refused; a little clock skew is allowed.
    expect(await auth.verify(signOperatorToken(STORE_SECRET, { id: 's', name: 'S' }, clock.now + 60_000))).not.toBeNull();
    expect(await auth.verify(signOperatorToken(STORE_SECRET, { id: 's', name: 'S' }, clock.now + HOUR))).toBeNull();
  });

  it('works without configured operators, and refuses store tokens when no store secret is set', async () => {
    const storeOnly = operatorAuth({ storeSecret: STORE_SECRET });
    expect(await storeOnly.verify(signOperatorToken(STORE_SECRET, { id: '7', name: 'Sam' }))).toMatchObject({ id: 'op:7', name: 'Sam' });
    expect(await storeOnly.login('anyone', 'anything')).toBeNull();
    const { auth } = await setup();
    expect(await auth.verify(signOperatorToken(STORE_SECRET, { id: '7', name: 'Sam' }))).toBeNull();
  });

  it('never takes a shopper identity token, signed with the same secret, for an operator token', async () => {
    const { auth, clock } = await setup({ storeSecret: STORE_SECRET });
    // A customer id shaped exactly like an operator token's text: the same signed string...
    const name64 = Buffer.from('Mallory').toString('base64url');
    const shopper = signIdentity(STORE_SECRET, `op.mallory.${name64}`, clock.now);
    expect(shopper).toMatch(/^op\.mallory\.[A-Za-z0-9_-]+\.\d+\.[0-9a-f]{64}$/);
    // ...is a good shopper token, and no operator token.
    expect(await hmacIdentityVerifier({ secret: STORE_SECRET, now: () => clock.now })({ token: shopper } as never, {} as never)).toMatchObject({ identity: `customer:op.mallory.${name64}` });
    expect(await auth.verify(shopper)).toBeNull();
    // And the other way round: an operator token is no shopper identity.
    const operator = signOperatorToken(STORE_SECRET, { id: 'mallory', name: 'Mallory' }, clock.now);
    expect(await auth.verify(operator)).not.toBeNull();
    expect(await hmacIdentityVerifier({ secret: STORE_SECRET, now: () => clock.now })({ token: operator } as never, {} as never)).toBe(false);
  });

  it('refuses forged and tampered store tokens', async () => {
    const { auth } = await setup({ storeSecret: STORE_SECRET });
    const token = signOperatorToken(STORE_SECRET, { id: 'sam', name: 'Sam' });
    const parts = token.split('.');
    const refused = [
      signOperatorToken('a-different-store-secret-0123456789abcdef', { id: 'sam', name: 'Sam' }),
      [parts[0], 'root', ...parts.slice(2)].join('.'),
      [...parts.slice(0, 2), Buffer.from('The Boss').toString('base64url'), ...parts.slice(3)].join('.'),
      token.slice(0, -1),
      token.replace(/^op\./, ''),
    ];
    for (const forged of refused) expect(await auth.verify(forged)).toBeNull();
  });
});

describe('operatorAuth configuration', () => {
  it('refuses what cannot work, saying what to do', async () => {
    const passwordHash = await hashOperatorPassword('pw', { cost: COST });
    const alice = { login: 'alice', name: 'Alice', passwordHash };
    const make = (options: unknown) => () => operatorAuth(options as OperatorAuthOptions);
    expect(make({})).toThrow(/configure operators \(with secret\) or storeSecret/);
    expect(make({ operators: [alice] })).toThrow(/secret must be a string of at least 32 characters/);
    expect(make({ operators: [alice], secret: 'short' })).toThrow(/secret must be a string of at least 32/);
    expect(make({ storeSecret: 'short' })).toThrow(/storeSecret must be a string of at least 32/);
    expect(make({ secret: SECRET, operators: [{ ...alice, passwordHash: 'plain-text' }] })).toThrow(/operators\[0\]\.passwordHash is not a bcrypt hash.*hashOperatorPassword/);
    expect(make({ secret: SECRET, operators: [alice, alice] })).toThrow(/login "alice" is configured twice/);
    expect(make({ secret: SECRET, operators: [{ ...alice, login: ' alice' }] })).toThrow(/operators\[0\]\.login must be/);
    expect(make({ secret: SECRET, operators: [{ ...alice, name: '' }] })).toThrow(/operators\[0\]\.name must be/);
    expect(make({ secret: SECRET, operators: [alice], sessionTtlMs: 0 })).toThrow(/sessionTtlMs must be a positive number/);
    await expect(hashOperatorPassword('pw', { cost: 3 })).rejects.toThrow(/cost must be an integer from 4 to 31/);
    expect(() => signOperatorToken(STORE_SECRET, { id: 'a\nb', name: 'A' })).toThrow(/id must be/);
  });
});
