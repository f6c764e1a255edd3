import type { ConnectionStatus } from '../../connection/status';
import type { UiStrings } from '../i18n/strings';

/** A banner under the header while the connection is not healthy; nothing when it is. */
export function StatusLine({ status, strings, onRetry }: { status: ConnectionStatus; strings: UiStrings; onRetry: () => void }) {
  if (status === 'connected' || status === 'idle') return null;
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
