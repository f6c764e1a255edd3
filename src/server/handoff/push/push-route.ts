import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../../transports/http-io.js';
import type { InboxRoute, OperatorAuthenticator, OperatorSession } from '../contracts.js';
import { parseEndpoint, parsePushSubscription, type SubscriptionRules } from './subscription.js';
import type { PushSubscriptionStore } from './subscription-store.js';

export interface PushSubscriptionRouteOptions extends SubscriptionRules {
  /** The route's path, suggested `<inboxPath>/api/push` (the inbox page posts there). */
  path: string;
  /** Checks the operator token each POST and DELETE carries as `Authorization: Bearer <token>`. */
  auth: OperatorAuthenticator;
  /** Where subscriptions are kept: the same store the notifier reads. */
  subscriptions: PushSubscriptionStore;
  /** The VAPID public key the inbox subscribes with, answered to `GET <path>`. */
  publicKey: string;
  /** Largest request body, bytes: a subscription is about 500. @default 4096 */
  maxBodyBytes?: number;
}

/**
 * The inbox's Web Push endpoint:
 * - `GET <path>`: `{ publicKey }`, the VAPID key to subscribe with (public by nature);
 * - `POST <path>`, `Authorization: Bearer <operator token>`, the `PushSubscription` JSON: 201;
 * - `DELETE <path>`, the same token, `{ endpoint }`: 204 (also when it was already gone).
 * 401 without a valid token, 415 for a body that is not JSON, 413 past the size limit, 400 for
 * a malformed subscription. Any other path answers false, for the chat server to go on.
 *
 * @example
 * const route = createPushSubscriptionRoute({ path: '/inbox/api/push', auth, subscriptions, publicKey });
 * httpServer.on('request', async (req, res) => { if (!(await route(req, res))) next(req, res); });
 */
export function createPushSubscriptionRoute(options: PushSubscriptionRouteOptions): InboxRoute {
  const owner = 'createPushSubscriptionRoute';
  if (typeof options?.path !== 'string' || !options.path.startsWith('/')) throw new TypeError(`${owner}: path must start with "/", such as '/inbox/api/push'`);
  if (typeof options.auth?.verify !== 'function') throw new TypeError(`${owner}: pass auth, the inbox's OperatorAuthenticator`);
  if (typeof options.subscriptions?.add !== 'function') throw new TypeError(`${owner}: pass subscriptions, the store the notifier reads`);
  if (typeof options.publicKey !== 'string' || options.publicKey === '') throw new TypeError(`${owner}: pass publicKey, the VAPID public key (vapid.publicKey)`);
  const maxBytes = options.maxBodyBytes ?? 4096;
  if (!Number.isInteger(maxBytes) || maxBytes < 256) throw new TypeError(`${owner}: maxBodyBytes must be a whole number of bytes, 256 or more`);
  const { path, auth, subscriptions, publicKey } = options;
  const rules: SubscriptionRules = { allowPrivateHosts: options.allowPrivateHosts ?? false };

  return async (request, response) => {
    if (pathOf(request) !== path) return false;
    try {
      await answer(request, response);
    } catch {
      // The authenticator or the store failed (Redis down): a retryable answer, never a 401 that
      // would sign the operator out, nor a 201 for a device that was not kept.
      request.resume();
      sendJson(response, 503, { ok: false, error: { code: 'unavailable', message: 'push subscriptions are unavailable for now; try again' } }, { 'retry-after': '5' });
    }
    return true;
  };

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD') {
      sendJson(response, 200, { publicKey });
      return;
    }
    if (method !== 'POST' && method !== 'DELETE') {
      request.resume();
      sendJson(response, 405, { ok: false, error: { code: 'invalid', message: 'use GET, POST or DELETE' } }, { allow: 'GET, HEAD, POST, DELETE' });
      return;
    }
    const session = await operator(request, auth);
    if (session === null) {
      request.resume();
      sendJson(response, 401, { ok: false, error: { code: 'unauthorized', message: 'sign in to the inbox: send Authorization: Bearer <operator token>' } }, { 'www-authenticate': 'Bearer' });
      return;
    }
    const body = await readJson(request, maxBytes);
    if (body === undefined) return;
    if (!body.ok) {
      sendJson(response, body.status, { ok: false, error: body.error });
      return;
    }
    if (method === 'POST') await subscribe(response, body.value, session, subscriptions, rules);
    else await unsubscribe(response, body.value, session, subscriptions);
  }
}

async function subscribe(response: ServerResponse, value: unknown, session: OperatorSession, store: PushSubscriptionStore, rules: SubscriptionRules): Promise<void> {
  const parsed = parsePushSubscription(value, rules);
  if (!parsed.ok) return sendJson(response, 400, { ok: false, error: { code: 'invalid', message: parsed.message } });
  await store.add(session.id, parsed.value);
  sendJson(response, 201, { ok: true });
}

async function unsubscribe(response: ServerResponse, value: unknown, session: OperatorSession, store: PushSubscriptionStore): Promise<void> {
  const endpoint = typeof value === 'object' && value !== null ? parseEndpoint((value as { endpoint?: unknown }).endpoint, { allowPrivateHosts: true }) : undefined;
  if (endpoint === undefined || !endpoint.ok) return sendJson(response, 400, { ok: false, error: { code: 'invalid', message: 'send { endpoint }, the subscription to remove' } });
  // Only the operator's own device: another operator's endpoint is left alone, with the same answer.
  await store.remove(endpoint.value, session.id);
  response.writeHead(204, { 'cache-control': 'no-store' }).end();
}

async function operator(request: IncomingMessage, auth: OperatorAuthenticator): Promise<OperatorSession | null> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(header);
  if (!match) return null;
  return auth.verify(match[1]!);
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
