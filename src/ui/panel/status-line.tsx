import type { ConnectionProblem, ConnectionStatus } from '../../util/connection-status.js';
import type { UiStrings } from '../i18n/strings.js';

/**
 * A banner under the header while the connection is not healthy, or while the conversation cannot
 * be kept past this page; nothing when all is well.
 */
export function StatusLine({ status, problem, fallback, unsaved, strings, onRetry }: {
  status: ConnectionStatus;
  problem: ConnectionProblem | undefined;
  fallback: boolean;
  unsaved: boolean;
  strings: UiStrings;
  onRetry: () => void;
}) {
  // Over the HTTP fallback the chat works (without live streaming): no alarm to raise.
  if (status === 'connected' || status === 'idle' || (fallback && status !== 'offline')) {
    return unsaved ? (
      <div class="status unsaved" role="status" part="status">
        <span>{strings.storageUnavailable}</span>
      </div>
    ) : null;
  }
  // A refused page is a setting only the store can change: no "Reconnecting", and no retry to offer.
  if (problem === 'origin_refused' && status !== 'offline') {
    return (
      <div class="status failed" role="status" part="status">
        <span>{strings.originRefused}</span>
      </div>
    );
  }
  // "Connection lost" only for a connection there was; a server never reached is said so.
  const retrying = problem === 'unreachable' ? strings.unreachable : strings.reconnecting;
  const text = { connecting: strings.connecting, reconnecting: retrying, offline: strings.offline, failed: strings.failed }[status];
  return (
    <div class={`status ${status}`} role="status" part="status">
      <span>{text}</span>
      {status === 'failed' ? (
        <button type="button" onClick={onRetry}>
          {strings.retryConnection}
        </button>
      ) : null}
    </div>
  );
}
