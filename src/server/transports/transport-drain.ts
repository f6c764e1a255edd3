/** The engine.io events this watches; all are public. */
interface EngineSocket {
  on(event: 'packetCreate' | 'drain' | 'close', listener: () => void): unknown;
}
interface Engine {
  on(event: 'connection', listener: (socket: EngineSocket) => void): unknown;
}

/**
 * Knows which connections still hold packets they have not handed to their transport. Closing the
 * engine discards those, so a graceful shutdown waits for them first: otherwise the final
 * `chat-response` of a stream that finished within the grace period would never leave.
 */
export class TransportDrain {
  private readonly busy = new Set<EngineSocket>();
  private readonly waiting = new Set<() => void>();

  attach(engine: Engine): void {
    engine.on('connection', (socket) => {
      socket.on('packetCreate', () => this.busy.add(socket));
      const done = () => {
        this.busy.delete(socket);
        if (this.busy.size === 0) for (const resolve of this.waiting) resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  /** Resolves when no connection holds unsent packets, or after `ms`. */
  async drained(ms: number): Promise<void> {
    if (this.busy.size === 0 || ms <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let resolve!: () => void;
    const empty = new Promise<void>((r) => (resolve = r));
    this.waiting.add(resolve);
    await Promise.race([empty, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    this.waiting.delete(resolve);
  }
}
