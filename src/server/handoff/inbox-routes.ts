import type { ChatLogger } from '../operations/logger.js';
import { createOperatorLoginRoute } from './auth/login-route.js';
import type { InboxRoute, OperatorAuthenticator } from './contracts.js';
import { createInboxRoute, InboxRouteError } from './inbox-route.js';
import { createPushSubscriptionRoute } from './push/push-route.js';
import type { PushSubscriptionStore } from './push/subscription-store.js';

export interface InboxRoutesOptions {
  /** Where the inbox lives, such as `/inbox`: the page at `<path>/`, sign-in at `<path>/api/login`. */
  path: string;
  /** Signs operators in and checks their tokens: the same authenticator as `handoff.operators`. */
  auth: OperatorAuthenticator;
  /**
   * Web Push: where devices are kept (the notifier's store) and the VAPID public key they
   * subscribe with, served at `<path>/api/push`. @default none: the inbox only alerts while open
   */
  push?: { subscriptions: PushSubscriptionStore; publicKey: string };
  /** The built page, as `createInboxRoute` takes it. @default dist/inbox beside the server's bundle */
  assets?: string;
  /** The chat server's Socket.IO path. @default '/socket.io' */
  socketPath?: string;
  /** The tab's title, before the unread count. @default 'Inbox' */
  title?: string;
  /** Read sign-in clients' addresses from X-Forwarded-For (behind a proxy). @default false */
  trustProxy?: boolean;
  /** Where refused sign-ins are logged. @default no logging */
  logger?: ChatLogger;
}

/**
 * Everything the inbox needs from the chat server, as one `handoff.inbox` route: the page and its
 * assets, the sign-in endpoint and, with `push`, the Web Push subscription endpoint, all under one
 * path so one CSP, one cookie-less origin and one proxy rule cover them.
 *
 * @example
 * const auth = operatorAuth({ secret, operators });
 * createChatServer({ handoff: { operators: auth, inbox: createInboxRoutes({ path: '/inbox', auth }) } });
 */
export function createInboxRoutes(options: InboxRoutesOptions): InboxRoute {
  if (typeof options?.auth?.verify !== 'function') throw new InboxRouteError('createInboxRoutes: pass auth, the OperatorAuthenticator operators sign in with');
  const base = options.path.replace(/\/+$/, '');
  const routes: InboxRoute[] = [
    createOperatorLoginRoute({
      auth: options.auth, path: `${base}/api/login`,
      ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
      ...(options.logger !== undefined && { logger: options.logger }),
    }),
  ];
  if (options.push) routes.push(createPushSubscriptionRoute({ path: `${base}/api/push`, auth: options.auth, ...options.push }));
  // Last: the page route answers every other path under the inbox (a 404 of its own).
  routes.push(createInboxRoute({
    path: options.path,
    ...(options.assets !== undefined && { assets: options.assets }),
    ...(options.socketPath !== undefined && { socketPath: options.socketPath }),
    ...(options.title !== undefined && { title: options.title }),
    push: options.push !== undefined,
  }));
  return chainRoutes(routes);
}

/** Routes tried in order until one answers the request. */
export function chainRoutes(routes: readonly InboxRoute[]): InboxRoute {
  return async (request, response) => {
    for (const route of routes) if (await route(request, response)) return true;
    return false;
  };
}
