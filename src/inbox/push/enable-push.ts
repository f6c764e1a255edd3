/** Why turning push on or off failed: the inbox shows its own words for each. */
export type PushSetupCode = 'unsupported' | 'denied' | 'unauthorized' | 'subscribe_failed' | 'server';

export class PushSetupError extends Error {
  override readonly name = 'PushSetupError';
  constructor(readonly code: PushSetupCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface PushSetupOptions {
  /** The inbox path, such as `/inbox`: the worker's scope is `<basePath>/`. */
  basePath: string;
  /** The signed-in operator's token, sent as `Authorization: Bearer`. */
  token: string;
  /** The worker script. @default `<basePath>/sw.js` */
  scriptUrl?: string;
  /** The subscription route (createPushSubscriptionRoute's path). @default `<basePath>/api/push` */
  apiUrl?: string;
  /** The browser's navigator (service worker container). @default globalThis.navigator */
  navigator?: Pick<Navigator, 'serviceWorker'>;
  /** The Notification API, for permission. @default globalThis.Notification */
  notification?: Pick<typeof Notification, 'permission' | 'requestPermission'>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * How long to wait for the browser's push service to subscribe, milliseconds: where it cannot be
   * reached (a locked-down network, Chromium without its vendor's push service) `subscribe()`
   * never settles.
   * @default 30000
   */
  subscribeTimeoutMs?: number;
  /** @default globalThis.setTimeout and clearTimeout */
  timers?: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

interface Environment {
  scope: string;
  scriptUrl: string;
  apiUrl: string;
  token: string;
  container: ServiceWorkerContainer;
  notification: Pick<typeof Notification, 'permission' | 'requestPermission'>;
  fetch: typeof fetch;
}

/**
 * Turns on Web Push for this operator on this browser: asks for notification permission (call it
 * from a click), registers the inbox's service worker under the inbox path, subscribes with the
 * server's VAPID key and hands the subscription to the server. Resolves the subscription; rejects
 * with a PushSetupError whose `code` says what failed.
 *
 * @example
 * button.onclick = () => enablePush({ basePath: '/inbox', token }).catch((e: PushSetupError) => show(e.code));
 */
export async function enablePush(options: PushSetupOptions): Promise<PushSubscription> {
  const env = environment(options);
  const permission = env.notification.permission === 'granted' ? 'granted' : await env.notification.requestPermission();
  if (permission !== 'granted') throw new PushSetupError('denied', 'notifications are blocked for the inbox: allow them in the browser\'s site settings');
  const registration = await env.container.register(env.scriptUrl, { scope: env.scope });
  await activated(registration);
  const publicKey = await serverKey(env);
  const key = fromBase64Url(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another key (the server's keys changed) cannot be pushed to: renew it.
  if (subscription !== null && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  try {
    subscription ??= await withTimeout(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }), options);
  } catch (error) {
    throw new PushSetupError('subscribe_failed', `the browser's push service refused to subscribe: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  await send(env, 'POST', subscription.toJSON(), 201);
  return subscription;
}

/**
 * Turns Web Push off for this browser: the server forgets the device, then the browser
 * unsubscribes. Resolves false when there was no subscription.
 *
 * @example
 * await disablePush({ basePath: '/inbox', token });
 */
export async function disablePush(options: PushSetupOptions): Promise<boolean> {
  const env = environment(options);
  const registration = await env.container.getRegistration(env.scope);
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription === undefined || subscription === null) return false;
  await send(env, 'DELETE', { endpoint: subscription.endpoint }, 204);
  return subscription.unsubscribe();
}

function environment(options: PushSetupOptions): Environment {
  if (typeof options?.basePath !== 'string' || !options.basePath.startsWith('/')) throw new TypeError('enablePush: basePath must be the inbox path, such as "/inbox"');
  if (typeof options.token !== 'string' || options.token === '') throw new TypeError('enablePush: pass the signed-in operator\'s token');
  const base = options.basePath.replace(/\/+$/, '');
  const container = (options.navigator ?? globalThis.navigator)?.serviceWorker;
  const notification = options.notification ?? globalThis.Notification;
  const doFetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (container === undefined || notification === undefined || typeof PushManager === 'undefined') {
    throw new PushSetupError('unsupported', 'this browser has no Web Push (service workers, Notification and PushManager are needed; on iPhone, add the inbox to the home screen first)');
  }
  return { scope: `${base}/`, scriptUrl: options.scriptUrl ?? `${base}/sw.js`, apiUrl: options.apiUrl ?? `${base}/api/push`, token: options.token, container, notification, fetch: doFetch };
}

/** Resolves once the registration has an active worker (`ready` would wait forever for a page outside the scope). */
function activated(registration: ServiceWorkerRegistration): Promise<void> {
  if (registration.active !== null) return Promise.resolve();
  const worker = registration.installing ?? registration.waiting;
  return new Promise((resolve, reject) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      else if (worker.state === 'redundant') reject(new PushSetupError('server', 'the inbox\'s service worker failed to install'));
    });
  });
}

async function serverKey(env: Environment): Promise<string> {
  const response = await env.fetch(env.apiUrl, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => undefined)) as { publicKey?: unknown } | undefined;
  if (!response.ok || typeof body?.publicKey !== 'string') throw new PushSetupError('server', `the inbox server gave no push key (HTTP ${response.status})`);
  return body.publicKey;
}

async function send(env: Environment, method: 'POST' | 'DELETE', body: unknown, expected: number): Promise<void> {
  const response = await env.fetch(env.apiUrl, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${env.token}` },
    body: JSON.stringify(body),
  });
  if (response.status === 401) throw new PushSetupError('unauthorized', 'the inbox session ended: sign in again');
  if (response.status !== expected) throw new PushSetupError('server', `the inbox server answered HTTP ${response.status}`);
}

function withTimeout<T>(promise: Promise<T>, options: PushSetupOptions): Promise<T> {
  const ms = options.subscribeTimeoutMs ?? 30_000;
  const timers = options.timers ?? { setTimeout: (callback: () => void, delay: number) => globalThis.setTimeout(callback, delay), clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as number) };
  let handle: unknown;
  const timeout = new Promise<never>((_resolve, reject) => {
    handle = timers.setTimeout(() => reject(new Error(`the push service did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => timers.clearTimeout(handle));
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameKey(current: ArrayBuffer | null, key: Uint8Array): boolean {
  if (current === null) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}
