import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushSubscriptionRecord } from '../../src/server';
import { waitFor } from './wait';

/** One push message as the push service received it: decrypted and with its VAPID token checked. */
export interface ReceivedPush {
  deviceId: string;
  /** The decrypted payload, parsed as JSON. */
  payload: unknown;
  /** The VAPID JWT's claims (aud, sub, exp), its signature verified against `vapidKey`. */
  claims: { aud: string; sub: string; exp: number };
  /** The `k=` of the Authorization header: the server's VAPID public key. */
  vapidKey: string;
  ttl: string | undefined;
  urgency: string | undefined;
  topic: string | undefined;
  /** What the service answered. */
  status: number;
}

export interface TestDevice {
  id: string;
  subscription: PushSubscriptionRecord;
}

/**
 * A Web Push service on loopback, standing in for the browser vendors' (FCM, Mozilla autopush,
 * Apple): HTTPS with a throwaway certificate (web-push only speaks HTTPS; `agent` trusts it), one
 * endpoint per device it hands out. Each request is decrypted with the device's own keys
 * (RFC 8291/8188, written here on node:crypto, not with the sender's library) and its VAPID token
 * verified (RFC 8292), then answered with the device's status: 201 unless told otherwise.
 */
export interface TestPushService {
  url: string;
  /** Trusts the service's certificate: give it to webPushNotifier's `agent`. */
  agent: Agent;
  received: ReceivedPush[];
  /** Requests that could not be decrypted or verified, with why. */
  rejected: string[];
  /** A new device (browser profile): ECDH keys and auth secret made here, its endpoint on this service. */
  device(): TestDevice;
  /** What the service answers for this device from now on (410: unsubscribed, 500: outage). */
  answer(deviceId: string, status: number): void;
  /** Holds these devices' answers until the test lets them go, one at a time, to see how many requests overlap. */
  hold(deviceIds: readonly string[]): HeldAnswers;
  close(): Promise<void>;
}

export interface HeldAnswers {
  /** The most requests waiting for an answer at once. */
  readonly maxPending: number;
  /** Waits until `ready(pending)` holds, then answers the oldest waiting request. */
  answerOneWhen(ready: (pending: number) => boolean): Promise<void>;
}

interface HoldGroup {
  pending: (() => void)[];
  maxPending: number;
}

export async function startPushService(): Promise<TestPushService> {
  const { key, cert } = selfSignedCertificate();
  const devices = new Map<string, { ecdh: ECDH; auth: Buffer; status: number }>();
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];
  /** Each held device's group: its requests waiting for an answer, and the most at once. */
  const holds = new Map<string, HoldGroup>();
  const server: Server = createServer({ key, cert }, (request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const deviceId = (request.url ?? '').replace(/^\/push\//, '');
      const device = devices.get(deviceId);
      if (device === undefined) return void response.writeHead(404).end();
      try {
        const vapid = checkVapid(request.headers.authorization ?? '', `https://127.0.0.1:${port()}`);
        if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${String(request.headers['content-encoding'])}`);
        const payload = JSON.parse(decrypt(Buffer.concat(parts), device.ecdh, device.auth).toString('utf8')) as unknown;
        received.push({
          deviceId, payload, ...vapid, status: device.status,
          ttl: header(request.headers.ttl), urgency: header(request.headers.urgency), topic: header(request.headers.topic),
        });
        const status = device.status;
        const group = holds.get(deviceId);
        if (group === undefined) return void response.writeHead(status).end();
        const answerIt = () => response.writeHead(status).end();
        group.pending.push(answerIt);
        group.maxPending = Math.max(group.maxPending, group.pending.length);
        // A sender that gave up (its timeout) is no longer waiting: later counts must not see it.
        response.on('close', () => {
          const at = group.pending.indexOf(answerIt);
          if (at !== -1) group.pending.splice(at, 1);
        });
      } catch (error) {
        rejected.push(error instanceof Error ? error.message : String(error));
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as { port: number }).port;
  const agent = new Agent({ ca: cert, keepAlive: false });
  return {
    url: `https://127.0.0.1:${port()}`,
    agent,
    received,
    rejected,
    device() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomUUID();
      devices.set(id, { ecdh, auth, status: 201 });
      return { id, subscription: { endpoint: `https://127.0.0.1:${port()}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } } };
    },
    answer(deviceId, status) {
      const device = devices.get(deviceId);
      if (device === undefined) throw new Error(`answer(): no device ${deviceId}`);
      device.status = status;
    },
    hold(deviceIds) {
      const group: HoldGroup = { pending: [], maxPending: 0 };
      for (const id of deviceIds) holds.set(id, group);
      return {
        get maxPending() {
          return group.maxPending;
        },
        async answerOneWhen(ready) {
          await waitFor(() => ready(group.pending.length), 'held push requests');
          group.pending.shift()?.();
        },
      };
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `Authorization: vapid t=<JWT>, k=<public key>`: the ES256 signature checked with k, the audience the service's origin. */
function checkVapid(authorization: string, origin: string): Pick<ReceivedPush, 'claims' | 'vapidKey'> {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [, head, body, signature, k] = match as unknown as [string, string, string, string, string];
  const jose = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (jose.alg !== 'ES256') throw new Error(`JWT alg ${String(jose.alg)}, not ES256`);
  const point = Buffer.from(k, 'base64url');
  const publicKey = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') } });
  if (!verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) throw new Error('VAPID JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ReceivedPush['claims'];
  if (claims.aud !== origin) throw new Error(`JWT aud ${claims.aud}, not the push service's origin ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error(`JWT exp ${claims.exp} is not within the next 24 hours`);
  return { claims, vapidKey: k };
}

/**
 * RFC 8188 aes128gcm with the RFC 8291 key derivation: header salt(16) rs(4) idlen(1) keyid (the
 * sender's ephemeral public key), then records of AES-128-GCM; the last record's plaintext ends in
 * the delimiter 0x02 and zero padding.
 */
function decrypt(body: Buffer, receiver: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const senderKey = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  if (records.length > rs) throw new Error('more than one record: not what a push message should be');
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', receiver.computeSecret(senderKey), authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const plain = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('the last record does not end with the 0x02 delimiter');
  return plain.subarray(0, end);
}

/** A P-256 certificate for 127.0.0.1, valid a day, made by Debian's openssl in a temporary folder. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aidw-push-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
