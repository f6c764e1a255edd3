import { ProtocolFailure } from '../protocol/errors.js';
import { readLogin, type LoginAnswer } from './readers.js';
import type { TokenStorage } from './inbox-options.js';

const TOKEN_KEY = 'aid-inbox-session';

/** Why signing in failed, for the sign-in screen. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: 'credentials' | 'unreachable' | 'rate-limited',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The operator's session token: in sessionStorage, so it dies with the tab and is never shared
 * with another tab or left on a shared shop computer the way localStorage would leave it.
 */
export class OperatorSessionStore {
  constructor(
    private readonly storage: TokenStorage,
    private readonly fetcher: typeof fetch,
    private readonly loginUrl: string,
    private readonly now: () => number,
  ) {}

  /** The saved session, unless it has expired. */
  load(): LoginAnswer | undefined {
    const raw = this.storage.getItem(TOKEN_KEY);
    if (raw === null) return undefined;
    try {
      const session = readLogin(JSON.parse(raw) as unknown);
      if (session.expiresAt > this.now()) return session;
    } catch (error) {
      if (!(error instanceof ProtocolFailure) && !(error instanceof SyntaxError)) throw error;
    }
    this.clear();
    return undefined;
  }

  clear(): void {
    this.storage.removeItem(TOKEN_KEY);
  }

  /** `POST api/login`; rejects with `SignInError` for wrong credentials, too many attempts or an unreachable server. */
  async login(login: string, password: string): Promise<LoginAnswer> {
    let response: Response;
    try {
      response = await this.fetcher(this.loginUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
        credentials: 'same-origin',
      });
    } catch {
      throw new SignInError('unreachable', 'The server could not be reached.');
    }
    if (response.status === 401 || response.status === 403) throw new SignInError('credentials', 'Wrong login or password.');
    // The login route slows down guessing (429 with Retry-After): say so rather than "unreachable".
    if (response.status === 429) throw new SignInError('rate-limited', 'Too many sign-in attempts.');
    if (!response.ok) throw new SignInError('unreachable', `The server answered ${response.status}.`);
    let session: LoginAnswer;
    try {
      session = readLogin(await response.json());
    } catch {
      throw new SignInError('unreachable', 'The server sent an answer the inbox cannot read.');
    }
    this.storage.setItem(TOKEN_KEY, JSON.stringify(session));
    return session;
  }
}
