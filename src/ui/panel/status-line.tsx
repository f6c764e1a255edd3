import type { ConnectionStatus } from '../../connection/status';
import type { UiStrings } from '../i18n/strings';

/** A banner under the header while the connection is not healthy; nothing when it is. */
export function StatusLine({ status, fallback, strings, onRetry }: { status: ConnectionStatus; fallback: boolean; strings: UiStrings; onRetry: () => void }) {
  // Over the HTTP fallback the chat works (without live streaming): no alarm to raise.
  if (status === 'connected' || status === 'idle' || (fallback && status !== 'offline')) return null;
  const text = { connecting: strings.connecting, reconnecting: strings.reconnecting, offline: strings.offline, failed: strings.failed }[status];
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
