/**
 * `login` refused before checking the password: too many attempts for this login lately. The
 * login route answers it with 429 and Retry-After.
 */
export class LoginRateLimited extends Error {
  readonly code = 'rate_limited';

  constructor(readonly retryAfterMs: number) {
    super(`too many sign-in attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'LoginRateLimited';
  }
}
