import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboxRoute, OperatorAuthenticator } from '../contracts.js';
import { clientAddress } from '../../guards/ip-connection-limit.js';
import { RateLimiter, type BucketRule } from '../../guards/rate-limiter.js';
import type { ChatLogger } from '../../operations/logger.js';
import { readJson, sendError, sendJson } from '../../transports/http-io.js';
import { LoginRateLimited } from './login-rate-limited.js';

export interface OperatorLoginRouteOptions {
  /** Checks the credentials (`operatorAuth`, or a store's own). */
  auth: OperatorAuthenticator;
  /** The path it answers, such as `/inbox/api/login`; other paths are left to the server. */
  path: string;
  /** Sign-in requests per client address, taken before the body is read. @default { burst: 20, perSecond: 0.2 } */
  addressRate?: BucketRule;
  /** Largest request body, bytes. @default 4096 */
  maxBodyBytes?: number;
  /** Read the client address from the last X-Forwarded-For entry (behind a reverse proxy). @default false */
  trustProxy?: boolean;
  /** Where refusals are logged (once per flood at warn). @default no logging */
  logger?: ChatLogger;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

const MAX_LOGIN = 200;
const MAX_PASSWORD = 1024;

/**
 * The inbox's sign-in endpoint: `POST <path>` with JSON `{ login, password }` answers
 * `200 { ok: true, token, operator: { id, name }, expiresAt }`, or `401 unauthorized` (wrong login
 * or password: one answer for both), `429 rate_limited` with Retry-After (per address or per
 * login), `400 invalid`, `413`, `415` (JSON only, so no page elsewhere can post a plain form here)
 * and `405` for other methods; never cached. Returns false for other paths, as an `InboxRoute`.
 *
 * @example
 * const login = createOperatorLoginRoute({ auth, path: '/inbox/api/login' });
 * http.createServer(async (req, res) => { if (!(await login(req, res))) res.writeHead(404).end(); });
 */
export function createOperatorLoginRoute(options: OperatorLoginRouteOptions): InboxRoute {
  if (typeof options?.auth?.login !== 'function') throw new TypeError('createOperatorLoginRoute: auth must be an OperatorAuthenticator, e.g. operatorAuth({ ... })');
  if (typeof options.path !== 'string' || !options.path.startsWith('/')) throw new TypeError('createOperatorLoginRoute: path must start with /, e.g. /inbox/api/login');
  const maxBodyBytes = options.maxBodyBytes ?? 4096;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new RangeError(`createOperatorLoginRoute: maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  const addresses = new RateLimiter(options.addressRate ?? { burst: 20, perSecond: 0.2 }, options.now ?? Date.now);
  const log = options.logger ?? (() => undefined);
  const { auth, path } = options;

  return (request, response) => {
    if (new URL(request.url ?? '/', 'http://host').pathname !== path) return false;
    return answer(request, response).then(() => true);
  };

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      request.resume();
      return sendError(response, 405, { code: 'invalid', message: 'sign in with POST' }, undefined, { allow: 'POST' });
    }
    const address = clientAddress(request, options.trustProxy ?? false);
    const taken = addresses.take(address);
    if (!taken.ok) {
      request.resume();
      if (taken.firstOfFlood) log({ level: 'warn', event: 'rate_limited', scope: 'operator_login', address });
      return sendError(response, 429, { code: 'rate_limited', message: 'too many sign-in attempts', retryAfterMs: taken.retryAfterMs }, undefined, {});
    }
    const body = await readJson(request, maxBodyBytes);
    if (body === undefined) return;
    if (!body.ok) return sendError(response, body.status, body.error, undefined, {});
    const credentials = parseCredentials(body.value);
    if (credentials === undefined) {
      return sendError(response, 400, { code: 'invalid', message: `send { "login": string, "password": string } (up to ${MAX_LOGIN} and ${MAX_PASSWORD} characters)` }, undefined, {});
    }
    try {
      const signedIn = await auth.login(credentials.login, credentials.password);
      if (signedIn === null) return sendError(response, 401, { code: 'unauthorized', message: 'wrong login or password' }, undefined, {});
      const { token, session } = signedIn;
      sendJson(response, 200, { ok: true, token, operator: { id: session.id, name: session.name }, expiresAt: session.expiresAt });
    } catch (error) {
      if (!(error instanceof LoginRateLimited)) {
        // The client gets an answer; whoever mounted the route gets the failure to log.
        sendError(response, 500, { code: 'internal', message: 'sign-in failed' }, undefined, {});
        throw error;
      }
      log({ level: 'debug', event: 'refused', code: 'rate_limited', scope: 'operator_login_name', address });
      sendError(response, 429, { code: 'rate_limited', message: error.message, retryAfterMs: error.retryAfterMs }, undefined, {});
    }
  }
}

function parseCredentials(value: unknown): { login: string; password: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { login, password } = value as Record<string, unknown>;
  if (typeof login !== 'string' || login === '' || login.length > MAX_LOGIN) return undefined;
  if (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD) return undefined;
  return { login, password };
}
