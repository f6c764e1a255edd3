import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateVapidKeys, MemoryPushSubscriptions, webPushNotifier, type LogEntry, type OperatorSubscription, type PushSubscriptionStore, type WebPushNotifierOptions,
} from '../../../src/server';
import type { OperatorNotice } from '../../../src/server/handoff/contracts';
import { startPushService, type TestPushService } from '../../support/push-service';

let service: TestPushService;
const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@shop.example' };
const SHOPPER_TEXT = 'my card 4111 is declined, call me on 555-0100';

beforeAll(async () => {
  service = await startPushService();
});
afterAll(async () => {
  await service?.close();
});

function setup(options: Partial<WebPushNotifierOptions> = {}) {
  const subscriptions = new MemoryPushSubscriptions();
  const logs: LogEntry[] = [];
  const notifier = webPushNotifier({ vapid, subscriptions, agent: service.agent, logger: (entry) => logs.push(entry), ...options });
  return { subscriptions, logs, notifier };
}

const waiting = (operatorIds: OperatorNotice['operatorIds'], sessionId = `s-${Math.random()}`): OperatorNotice =>
  ({ kind: 'waiting', sessionId, preview: SHOPPER_TEXT, operatorIds });

const receivedBy = (deviceId: string) => service.received.filter((r) => r.deviceId === deviceId);
const endpoints = (list: OperatorSubscription[]) => list.map((s) => s.subscription.endpoint).sort();

describe('webPushNotifier: delivery through a real push service', () => {
  it('sends an encrypted message to every device of the operators named, signed with the VAPID key, without the shopper\'s text', async () => {
    const { subscriptions, notifier } = setup();
    const [phone, laptop, other] = [service.device(), service.device(), service.device()];
    await subscriptions.add('op:ann', phone.subscription);
    await subscriptions.add('op:ann', laptop.subscription);
    await subscriptions.add('op:bob', other.subscription);

    await notifier.notify({ kind: 'shopper-message', sessionId: 's-42', preview: SHOPPER_TEXT, operatorIds: ['op:ann'] });

    for (const device of [phone, laptop]) {
      const [push] = receivedBy(device.id);
      expect(push, device.id).toBeDefined();
      expect(push!.payload).toEqual({ v: 1, kind: 'shopper-message', sessionId: 's-42', title: 'New message', body: expect.any(String) });
      expect(JSON.stringify(push!.payload)).not.toMatch(/4111|555-0100|declined/);
      expect(push!.vapidKey).toBe(vapid.publicKey);
      expect(push!.claims).toMatchObject({ aud: service.url, sub: 'mailto:ops@shop.example' });
      expect(push!.ttl).toBe('600');
      expect(push!.urgency).toBe('high');
      // The same conversation collapses at the push service while a device is off.
      expect(push!.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    }
    expect(receivedBy(other.id)).toEqual([]);
    expect(service.rejected).toEqual([]);
    await notifier.close();
  });

  it('tells every operator\'s devices about a new waiting conversation, and carries the preview only when asked', async () => {
    const quiet = setup();
    const open = setup({ preview: true, ttlSeconds: 60, urgency: 'normal' });
    const [ann, bob] = [service.device(), service.device()];
    for (const { subscriptions } of [quiet, open]) {
      await subscriptions.add('op:ann', ann.subscription);
      await subscriptions.add('op:bob', bob.subscription);
    }

    await quiet.notifier.notify(waiting('all', 's-quiet'));
    await open.notifier.notify(waiting('all', 's-open'));

    for (const device of [ann, bob]) {
      const pushes = receivedBy(device.id);
      expect(pushes.map((p) => p.payload)).toEqual([
        { v: 1, kind: 'waiting', sessionId: 's-quiet', title: 'A shopper is waiting', body: expect.not.stringContaining('4111') },
        { v: 1, kind: 'waiting', sessionId: 's-open', title: 'A shopper is waiting', body: SHOPPER_TEXT },
      ]);
      expect(pushes[1]).toMatchObject({ ttl: '60', urgency: 'normal' });
    }
  });

  it('forgets a device the push service says is gone (410, 404), and keeps one that failed otherwise (500), logging it', async () => {
    const { subscriptions, logs, notifier } = setup();
    const [gone, unknown, broken, fine] = [service.device(), service.device(), service.device(), service.device()];
    for (const device of [gone, unknown, broken, fine]) await subscriptions.add('op:ann', device.subscription);
    service.answer(gone.id, 410);
    service.answer(unknown.id, 404);
    service.answer(broken.id, 500);

    await expect(notifier.notify(waiting(['op:ann']))).resolves.toBeUndefined();

    expect(endpoints(await subscriptions.list(['op:ann']))).toEqual(endpoints([broken, fine].map((d) => ({ operatorId: 'op:ann', subscription: d.subscription }))));
    expect(receivedBy(fine.id)).toHaveLength(1);
    expect(logs.filter((l) => l.event === 'push_gone').map((l) => l.why).sort()).toEqual(['status 404', 'status 410']);
    const failed = logs.filter((l) => l.event === 'push_failed');
    expect(failed).toEqual([expect.objectContaining({ level: 'warn', operatorId: 'op:ann', status: 500, pushService: new URL(service.url).host })]);
    // The endpoint is the device's capability: never logged whole.
    expect(JSON.stringify(logs)).not.toContain(broken.subscription.endpoint);

    // Kept: the next notice tries it again.
    service.answer(broken.id, 201);
    await notifier.notify(waiting(['op:ann']));
    expect(receivedBy(broken.id).map((p) => p.status)).toEqual([500, 201]);
  });

  it('drops a subscription past its expirationTime without sending to it', async () => {
    const now = 1_000_000;
    const { subscriptions, notifier } = setup({ now: () => now });
    const old = service.device();
    await subscriptions.add('op:ann', { ...old.subscription, expirationTime: now - 1 });
    await notifier.notify(waiting(['op:ann']));
    expect(receivedBy(old.id)).toEqual([]);
    expect(await subscriptions.list('all')).toEqual([]);
  });

  it('never rejects, even when the subscription store fails, so the desk need not await it', async () => {
    const failing: PushSubscriptionStore = {
      add: () => Promise.reject(new Error('down')),
      remove: () => Promise.reject(new Error('down')),
      list: () => Promise.reject(new Error('store down')),
    };
    const logs: LogEntry[] = [];
    const notifier = webPushNotifier({ vapid, subscriptions: failing, logger: (e) => logs.push(e) });
    await expect(notifier.notify(waiting('all'))).resolves.toBeUndefined();
    expect(logs).toEqual([expect.objectContaining({ level: 'error', event: 'push_failed' })]);
  });

  it('sends to at most `concurrency` devices at a time', async () => {
    const { subscriptions, notifier } = setup({ concurrency: 2 });
    const devices = Array.from({ length: 6 }, () => service.device());
    for (const device of devices) await subscriptions.add('op:ann', device.subscription);
    const held = service.hold(devices.map((d) => d.id));
    const sending = notifier.notify(waiting(['op:ann']));
    // Answer one held request at a time, each once two are waiting: a third never arrives before an answer.
    for (let answered = 0; answered < devices.length; answered++) await held.answerOneWhen((pending) => pending >= Math.min(2, devices.length - answered));
    await sending;
    expect(held.maxPending).toBe(2);
    expect(devices.every((d) => receivedBy(d.id).length === 1)).toBe(true);
  });

  it('gives up on a push service that never answers after timeoutMs, logs it and keeps the device, while the other devices get theirs', async () => {
    const { subscriptions, logs, notifier } = setup({ timeoutMs: 300 });
    const [stuck, fine] = [service.device(), service.device()];
    await subscriptions.add('op:ann', stuck.subscription);
    await subscriptions.add('op:ann', fine.subscription);
    // Held and never answered: only the notifier's own timeout can end this request.
    service.hold([stuck.id]);
    await notifier.notify(waiting(['op:ann']));
    expect(receivedBy(fine.id)).toHaveLength(1);
    expect(receivedBy(stuck.id)).toHaveLength(1);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', event: 'push_failed', operatorId: 'op:ann', message: expect.stringMatching(/timeout/i) })]);
    expect(endpoints(await subscriptions.list('all'))).toEqual(endpoints([stuck, fine].map((d) => ({ operatorId: 'op:ann', subscription: d.subscription }))));
  });

  it('close() waits for the notices on their way, and a notice after it is dropped', async () => {
    const { subscriptions, notifier } = setup();
    const phone = service.device();
    await subscriptions.add('op:ann', phone.subscription);
    const held = service.hold([phone.id]);
    void notifier.notify(waiting(['op:ann'], 's-before'));
    let closed = false;
    const closing = notifier.close().then(() => {
      closed = true;
    });
    // The request is at the push service, unanswered: close() must still be waiting for it.
    let closedWhileWaiting: boolean | undefined;
    await held.answerOneWhen((pending) => {
      if (pending < 1) return false;
      closedWhileWaiting = closed;
      return true;
    });
    await closing;
    expect(closedWhileWaiting).toBe(false);
    await notifier.notify(waiting(['op:ann'], 's-after'));
    expect(receivedBy(phone.id).map((p) => (p.payload as { sessionId: string }).sessionId)).toEqual(['s-before']);
  });
});

describe('webPushNotifier: configuration is checked at construction', () => {
  const subscriptions = new MemoryPushSubscriptions();
  const make = (patch: Record<string, unknown>) => () => webPushNotifier({ vapid: { ...vapid, ...patch }, subscriptions } as WebPushNotifierOptions);

  it('says what is wrong with the keys and how to make a pair', () => {
    expect(make({ publicKey: '' })).toThrow(/vapid\.publicKey is missing; .*generate-vapid-keys/);
    expect(make({ publicKey: vapid.publicKey.slice(0, 40) })).toThrow(/vapid\.publicKey must be 65 bytes/);
    expect(make({ privateKey: `${vapid.privateKey}=` })).toThrow(/vapid\.privateKey must be base64url without padding/);
    expect(make({ privateKey: generateVapidKeys().privateKey })).toThrow(/does not belong to vapid\.publicKey/);
    expect(make({ subject: 'ops@shop.example' })).toThrow(/vapid\.subject .* not a URL; use mailto:/);
    expect(make({ subject: 'http://shop.example' })).toThrow(/neither a mailto: address nor an https: URL/);
    expect(make({ subject: 'https://localhost:3000' })).toThrow(/must not be a localhost URL/);
    expect(() => webPushNotifier({ subscriptions } as unknown as WebPushNotifierOptions)).toThrow(/pass vapid: \{ publicKey, privateKey, subject \}/);
    expect(() => webPushNotifier({ vapid, subscriptions, concurrency: 0 })).toThrow(/concurrency must be a whole number, 1 or more/);
    expect(make({ subject: 'https://shop.example/contact' })).not.toThrow();
  });
});
