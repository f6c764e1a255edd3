/**
 * Runs in the test page (bundled with enable-push by test/browser/push-worker.test.ts): headless
 * Chromium has no push service, so `pushManager.subscribe` cannot succeed there. This wraps the
 * page's real service worker container (registration, activation and scope stay real) and gives
 * each registration a push manager the test controls: the subscription it hands out, one that
 * already exists (made with some key), or a subscribe() that never settles.
 */
export interface FakePushSetup {
  /** What subscribe() hands out: a subscription of the test's push service. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** A subscription already there, made with this application server key (bytes). */
  existingKey?: number[];
  /** subscribe() never settles, as where the vendor's push service cannot be reached. */
  neverSettles?: boolean;
}

export interface FakePush {
  navigator: Pick<Navigator, 'serviceWorker'>;
  /** What enablePush asked of the push manager. */
  calls: { subscribe: { userVisibleOnly: boolean | undefined; key: number[] }[]; unsubscribe: number };
}

export function fakePush(setup: FakePushSetup): FakePush {
  const real = navigator.serviceWorker;
  const calls: FakePush['calls'] = { subscribe: [], unsubscribe: 0 };
  const make = (key: number[]) => {
    const made = {
      endpoint: setup.subscription.endpoint,
      options: { applicationServerKey: new Uint8Array(key).buffer, userVisibleOnly: true },
      toJSON: () => ({ ...setup.subscription, expirationTime: null }),
      unsubscribe: async () => {
        calls.unsubscribe += 1;
        current = null;
        return true;
      },
    };
    return made;
  };
  let current: ReturnType<typeof make> | null = setup.existingKey === undefined ? null : make(setup.existingKey);
  const pushManager = {
    getSubscription: async () => current,
    subscribe: (options: PushSubscriptionOptionsInit) => {
      const key = [...new Uint8Array(options.applicationServerKey as Uint8Array)];
      calls.subscribe.push({ userVisibleOnly: options.userVisibleOnly, key });
      if (setup.neverSettles === true) return new Promise<never>(() => undefined);
      current = make(key);
      return Promise.resolve(current);
    },
  };
  const withFakePush = (registration: ServiceWorkerRegistration | undefined) =>
    registration && ({ pushManager, scope: registration.scope, active: registration.active, installing: registration.installing, waiting: registration.waiting } as unknown as ServiceWorkerRegistration);
  const serviceWorker = {
    register: async (url: string, options: RegistrationOptions) => withFakePush(await real.register(url, options)),
    getRegistration: async (scope: string) => withFakePush(await real.getRegistration(scope)),
  } as unknown as ServiceWorkerContainer;
  return { navigator: { serviceWorker }, calls };
}
