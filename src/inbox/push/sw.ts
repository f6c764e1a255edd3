/**
 * The inbox's service worker (built to dist/inbox/sw.js, served at `<inboxPath>/sw.js` and
 * registered with the inbox path as its scope by enable-push.ts). Its only job is Web Push: the
 * worker's own global scope is the one place where its listeners may live.
 */
import { installPushHandlers, type PushWorkerScope } from './sw-handlers.js';

installPushHandlers(self as unknown as PushWorkerScope);
