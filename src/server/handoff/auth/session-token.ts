import { fromBase64Url, hmacHex, purposeKey, sameSignature, toBase64Url } from './token-codec.js';

/** What a session token issued by `login` carries. */
export interface SessionClaims {
  /** The configured login. */
  login: string;
  /** Epoch milliseconds after which it is refused. */
  exp: number;
  /** A fingerprint of the password hash it was issued under: changing the password ends it. */
  pw: string;
}

const PREFIX = 'ops1.';

/**
 * Session tokens for configured operators: `ops1.<base64url(JSON claims)>.<hex HMAC>`, signed with a
 * key derived from the server's secret for this purpose only. Stateless, so every process sharing
 * the secret accepts them, and a restart keeps operators signed in.
 */
export class SessionTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = purposeKey(secret, 'operator session v1');
  }

  issue(claims: SessionClaims): string {
    const payload = `${PREFIX}${toBase64Url(JSON.stringify(claims))}`;
    return `${payload}.${hmacHex(this.key, payload)}`;
  }

  /** The claims of a well-signed token (expired or not: the caller checks), or undefined. */
  read(token: string): SessionClaims | undefined {
    const match = /^ops1\.([A-Za-z0-9_-]{1,2000})\.([0-9a-f]{64})$/.exec(token);
    if (!match) return undefined;
    if (!sameSignature(hmacHex(this.key, `${PREFIX}${match[1]}`), match[2] as string)) return undefined;
    try {
      const claims = JSON.parse(fromBase64Url(match[1] as string) ?? '') as Partial<SessionClaims>;
      if (typeof claims.login !== 'string' || typeof claims.exp !== 'number' || typeof claims.pw !== 'string') return undefined;
      return { login: claims.login, exp: claims.exp, pw: claims.pw };
    } catch {
      return undefined;
    }
  }

  /** The fingerprint of a password hash for the `pw` claim. */
  passwordVersion(passwordHash: string): string {
    return hmacHex(this.key, `password ${passwordHash}`).slice(0, 16);
  }
}
