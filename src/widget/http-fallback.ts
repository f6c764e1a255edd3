import { PROTOCOL_VERSION } from '../protocol/index.js';
import type { ConnectionManager } from '../connection/connection-manager.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Disposables } from '../util/disposables.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';
import { receiveResponse, receiveSync, type InboundSink } from './inbound.js';

export interface HttpFallbackDeps {
  apiUrl: string;
  token: string | undefined;
  /** Failed Socket.IO attempts before messages go by HTTP. */
  after: number;
  /** How long to wait, once Socket.IO has given up, before looking for it again. */
  retrySocketAfterMs: number;
  ackTimeoutMs: number;
  env: Environment;
  connection: ConnectionManager;
  outbox: Outbox;
  sink: InboundSink;
  subs: Disposables;
  lastSeq(): number;
  /** The widget's `fallback` flag, which the UI reads. */
  fallback: { get(): boolean; set(on: boolean): void };
  /** False once the widget was destroyed. */
  alive(): boolean;
  onError(error: WidgetError): void;
}

/**
 * Switches the outbox to `POST apiUrl` after enough failed Socket.IO attempts, while Socket.IO
 * keeps trying in the background; its next `connect` (handled by the widget) takes the queue back.
 */
export function wireHttpFallback(d: HttpFallbackDeps): void {
  const http = {
    url: d.apiUrl,
    token: d.token,
    client: `ai-discovery-widget/${PROTOCOL_VERSION}`,
    fetch: d.env.fetch,
    timers: d.env.timers,
    onResponse: (raw: unknown) => receiveResponse(raw, d.sink),
  };
  d.subs.add(d.connection.on('connect-failed', (failures) => {
    if (d.fallback.get() || failures < d.after) return;
    d.fallback.set(true);
    // Loaded only when needed: most shoppers never leave Socket.IO. (The single-file builds inline it.)
    import('../delivery/http-transport').then(({ httpSync, httpTransport }) => {
      // Destroyed, or Socket.IO got through while this loaded: nothing to switch.
      if (!d.alive() || !d.fallback.get()) return;
      d.outbox.setTransport(httpTransport(http));
      const afterSeq = d.lastSeq();
      httpSync(http, d.sink.sessionId, afterSeq, d.ackTimeoutMs).then((body) => receiveSync(body, d.sink, afterSeq), () => {});
    }, (error: unknown) => d.onError(new WidgetError('unavailable', 'Could not load the HTTP fallback', error)));
  }));
  d.subs.add(d.connection.on('status', (status) => {
    if (status !== 'failed' || !d.fallback.get()) return;
    // Out of attempts while the fallback carries the chat: look for the socket again later.
    const timer = d.env.timers.setTimeout(() => d.connection.reconnect(), d.retrySocketAfterMs);
    d.subs.add(() => d.env.timers.clearTimeout(timer));
  }));
}
