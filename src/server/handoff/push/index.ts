/** Web Push for operators (docs/HANDOFF.md, "Notifications"): the notifier, its subscription stores and the inbox's route. */
export { webPushNotifier, type PushUrgency, type WebPushNotifierOptions } from './notifier.js';
export { generateVapidKeys, type VapidKeys, type VapidOptions } from './vapid.js';
export { createPushSubscriptionRoute, type PushSubscriptionRouteOptions } from './push-route.js';
export { MemoryPushSubscriptions } from './memory-subscriptions.js';
export { RedisPushSubscriptions, type RedisPushSubscriptionsOptions } from './redis-subscriptions.js';
export type { PushSubscriptionStore, SubscriptionStoreOptions } from './subscription-store.js';
export { parsePushSubscription, type OperatorSubscription, type PushSubscriptionRecord, type SubscriptionRules } from './subscription.js';
export { pushPayload, type PushPayload } from './payload.js';
