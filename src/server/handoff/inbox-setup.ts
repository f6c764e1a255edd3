import type { ChatLogger } from '../operations/logger.js';
import type { RedisCommandClient } from '../sessions/redis-scripts.js';
import type { InboxRoute, OperatorNotice, OperatorNotifier } from './contracts.js';
import type { HandoffOptions } from './handoff-options.js';
import { chainRoutes, createInboxRoutes } from './inbox-routes.js';
import { MemoryPushSubscriptions } from './push/memory-subscriptions.js';
import { webPushNotifier } from './push/notifier.js';
import { RedisPushSubscriptions } from './push/redis-subscriptions.js';

export interface InboxSetupDeps {
  redis: { client: RedisCommandClient; keyPrefix?: string } | undefined;
  socketPath: string;
  trustProxy: boolean;
  log: ChatLogger | undefined;
}

/**
 * What `handoff.inboxPath` and `handoff.push` turn into: one route for the inbox (the caller's
 * `inbox` first, then the page, sign-in and push endpoints) and the notifiers to call. Building
 * checks the options (a bad path or VAPID key throws), so misuse stops `createChatServer`.
 */
export function inboxSetup(options: HandoffOptions, deps: InboxSetupDeps): { route: InboxRoute | undefined; notifier: OperatorNotifier | undefined } {
  const push = options.push && {
    vapid: options.push.vapid,
    subscriptions: options.push.subscriptions ?? (deps.redis
      ? new RedisPushSubscriptions({ client: deps.redis.client, ...(deps.redis.keyPrefix !== undefined && { keyPrefix: deps.redis.keyPrefix }) })
      : new MemoryPushSubscriptions()),
  };
  const pushNotifier = push && webPushNotifier({
    vapid: push.vapid, subscriptions: push.subscriptions,
    ...(options.push?.preview !== undefined && { preview: options.push.preview }),
    ...(deps.log !== undefined && { logger: deps.log }),
  });
  const path = options.inboxPath ?? '/inbox';
  if (path === false && push) throw new TypeError('createChatServer: handoff.push needs the inbox\'s push endpoint: set handoff.inboxPath, or pass your own notifier instead');
  const own = path === false ? undefined : createInboxRoutes({
    path, auth: options.operators, socketPath: deps.socketPath, trustProxy: deps.trustProxy,
    ...(push && { push: { subscriptions: push.subscriptions, publicKey: push.vapid.publicKey } }),
    ...(deps.log !== undefined && { logger: deps.log }),
  });
  const routes = [options.inbox, own].filter((route): route is InboxRoute => route !== undefined);
  const notifiers = [options.notifier, pushNotifier].filter((n): n is OperatorNotifier => n !== undefined);
  return {
    route: routes.length === 0 ? undefined : routes.length === 1 ? routes[0] : chainRoutes(routes),
    notifier: notifiers.length <= 1 ? notifiers[0] : bothNotifiers(notifiers),
  };
}

/** Every notifier hears each notice; one failing does not keep the others from it. */
function bothNotifiers(notifiers: readonly OperatorNotifier[]): OperatorNotifier {
  return {
    notify: async (notice: OperatorNotice) => void (await Promise.allSettled(notifiers.map((n) => n.notify(notice)))),
    close: async () => void (await Promise.allSettled(notifiers.map((n) => n.close()))),
  };
}
