import { ProtocolFailure } from '../../protocol/index.js';

/**
 * Turns a failed upstream call into what the shopper should hear: its rate limit passes through
 * with its Retry-After, an upstream that is down, slow or overloaded is `unavailable` (retried),
 * and a refusal of our own request (bad key, bad model) is `internal`: retrying cannot fix it, and
 * the operator is told through `onError` with the upstream's status.
 */
export function upstreamFailure(name: string, status: number, retryAfter: string | null): ProtocolFailure | UpstreamRefused {
  if (status === 429) return new ProtocolFailure('rate_limited', `${name} is busy: try again shortly`, retryAfterMs(retryAfter));
  if (status >= 500 || status === 408) return new ProtocolFailure('unavailable', `${name} is unavailable (HTTP ${status})`);
  return new UpstreamRefused(name, status);
}

/** The upstream refused our request (4xx): a configuration problem, reported, and `internal` for the shopper. */
export class UpstreamRefused extends Error {
  override readonly name = 'UpstreamRefused';

  constructor(upstream: string, readonly status: number) {
    super(`${upstream} refused the request with HTTP ${status}: check its URL, key and model`);
  }
}

/** A fetch that failed without an answer: our deadline, the shopper's cancel, or the network. */
export function fetchFailure(name: string, error: unknown, signal: AbortSignal, deadline: AbortSignal): unknown {
  // The shopper's cancel is not a failure: the runner already knows why it stopped.
  if (signal.aborted) return error;
  if (deadline.aborted) return new ProtocolFailure('unavailable', `${name} took too long to answer`);
  return new ProtocolFailure('unavailable', `${name} could not be reached`);
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
