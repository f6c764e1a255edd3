/**
 * The expected wait for a person: the median of the last `size` delays between a hand-off and its
 * claim. A median, not a mean, so one conversation left waiting over lunch does not tell the next
 * shoppers to wait an hour. Kept per process: each process sees the claims made through it, which
 * with a balancer spreading operators is a fair sample.
 */
export class WaitEstimate {
  private readonly delays: number[] = [];

  constructor(private readonly size = 20) {
    if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`createChatServer: handoff.waitSamples must be a positive integer, got ${size}`);
  }

  /** A conversation handed off at `handedOffAt` was claimed at `claimedAt`. */
  record(handedOffAt: number, claimedAt: number): void {
    this.delays.push(Math.max(0, claimedAt - handedOffAt));
    if (this.delays.length > this.size) this.delays.shift();
  }

  /** Milliseconds, or undefined before the first claim. */
  get expectedMs(): number | undefined {
    if (this.delays.length === 0) return undefined;
    const sorted = [...this.delays].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
  }
}
