import type { ConnectionStatus } from '../../connection/status.js';
import type { UiStrings } from '../i18n/strings.js';

/**
 * A banner under the header while the connection is not healthy, or while the conversation cannot
 * be kept past this page; nothing when all is well.
 */
export function StatusLine({ status, fallback, unsaved, strings, onRetry }: { status: ConnectionStatus; fallback: boolean; unsaved: boolean; strings: UiStrings; onRetry: () => void }) {
  // Over the HTTP fallback the chat works (without live streaming): no alarm to raise.
  if (status === 'connected' || status === 'idle' || (fallback && status !== 'offline')) {
    return unsaved ? (
      <div class="status unsaved" role="status" part="status">
        <span>{strings.storageUnavailable}</span>
      </div>
    ) : null;
  }
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
