import { PROTOCOL_VERSION } from '../protocol/index.js';
import type { ConnectionStatus } from '../util/connection-status.js';
import { WidgetError } from '../util/errors.js';
import type { Outbox, Transport } from '../delivery/outbox.js';
import type { Disposables } from '../util/disposables.js';
import type { Environment } from '../util/environment.js';
import { receiveLegacyResponse, receiveResponse, type InboundSink } from './inbound.js';

export interface HttpOnlyDeps {
  apiUrl: string;
  token: string | undefined;
  env: Environment;
  outbox: Outbox;
  sink: InboundSink;
  subs: Disposables;
  setStatus(status: ConnectionStatus): void;
  alive(): boolean;
  onError(error: WidgetError): void;
}

/**
 * Only `apiUrl`, no Socket.IO server: every message is a `POST` to a unified `/api/chat` endpoint
 * whose body is the answer. The outbox keeps its order, retries and offline queue; while the device
 * is offline nothing is posted. An answer with a v1 `id` is read as v1, anything else as the unified
 * `{ success, response, provider, blocks? }`, belonging to the message it answers.
 */
export function wireHttpOnly(d: HttpOnlyDeps): void {
  d.setStatus('connecting');
  // Loaded apart, as for the fallback: bundlers split it off for the Socket.IO widgets that never post.
  import('../delivery/http-transport').then(({ httpTransport }) => {
    if (!d.alive()) return;
    start(d, httpTransport({
        url: d.apiUrl,
        token: d.token,
        client: `ai-discovery-widget/${PROTOCOL_VERSION}`,
        fetch: d.env.fetch,
        timers: d.env.timers,
        unified: true,
        onResponse: (raw, message) => {
          const v1 = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string';
          if (v1) receiveResponse(raw, d.sink);
          else receiveLegacyResponse(raw, d.sink, message.id, d.env);
        },
    }));
  }, (error: unknown) => d.onError(new WidgetError('unavailable', 'Could not load the HTTP transport', error)));
}

function start(d: HttpOnlyDeps, transport: Transport): void {
  let up = false;
  const online = () => {
    // Only on a change: a new transport puts a POST in flight back in the queue, and sends it twice.
    if (up) return;
    up = true;
    d.setStatus('connected');
    d.outbox.setTransport(transport);
  };
  const offline = () => {
    up = false;
    d.setStatus('offline');
    d.outbox.setTransport(undefined);
  };
  d.subs.add(d.env.network.onOffline(offline));
  // Coming back (or the tab becoming visible) posts what waited at once rather than after a backoff.
  d.subs.add(d.env.network.onResume(() => d.env.network.isOnline() && online()));
  if (d.env.network.isOnline()) online();
  else offline();
}
