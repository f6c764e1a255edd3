import type { Socket } from 'socket.io';
import type { HandoffAck, HandoffState, ShopperPresence } from '../../protocol/handoff.js';
import { ProtocolFailure, type ProtocolError, type SimpleAck } from '../../protocol/index.js';
import type { HandoffDesk } from './desk.js';
import type { DeskOutlet, ShopperHandoffEvents } from './desk-outlet.js';
import type { HandoffMessages } from './handoff-messages.js';
import { readHandoffContact, readHandoffRequest, readSeen, type Read } from './handoff-parsers.js';

/** The socket handler's guard: rate limit, ack once, a bug becomes `internal`. */
export type Guard = <T>(ack: unknown, handle: (reply: (value: T) => void) => Promise<void>, failure: (error: ProtocolError) => T) => void;

const MISMATCH: ProtocolError = { code: 'unauthorized', message: 'sessionId does not match the connection' };

/**
 * The shopper's side of hand-off on the default namespace: `handoff-request`, `handoff-contact`
 * and `seen` from the widget, `presence` to it on connect. The session is the connection's own
 * (from its handshake), never a payload's: a payload naming another session is refused.
 */
export class ShopperHandoff {
  constructor(
    private readonly desk: HandoffDesk,
    private readonly messages: HandoffMessages,
    private readonly outlet: DeskOutlet,
    private readonly onError: (error: unknown, where: string) => void,
  ) {}

  /** `allowed` charges an event without an ack to the connection's rate limit. */
  attach(socket: Socket, sessionId: string, guard: Guard, allowed: () => boolean): void {
    const loose = socket as unknown as Socket<Record<string, (...args: unknown[]) => void>, ShopperHandoffEvents>;
    loose.on('handoff-request', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      guard<HandoffAck>(ack, async (reply) => {
        const request = this.own(readHandoffRequest(raw), sessionId);
        if (!request.ok) return reply({ ok: false, error: request.error });
        reply({ ok: true, state: await this.messages.request(sessionId, request.value.id) });
      }, failure);
    });
    loose.on('handoff-contact', (...args: unknown[]) => {
      const [raw, ack] = payloadAndAck(args);
      guard<SimpleAck>(ack, async (reply) => {
        const contact = this.own(readHandoffContact(raw), sessionId);
        if (!contact.ok) return reply({ ok: false, error: contact.error });
        await this.refusing(reply, () => this.desk.leaveContact(sessionId, contact.value.email));
      }, failure);
    });
    // No ack: a lost "seen" is made good by the next one.
    loose.on('seen', (raw: unknown) => {
      if (!allowed()) return;
      const seen = this.own(readSeen(raw), sessionId);
      if (seen.ok) this.desk.seen(sessionId, seen.value.seq).catch((error: unknown) => this.onError(error, 'handoff seen'));
    });
    this.desk.shopperPresence().then(
      (presence) => loose.emit('presence', presence),
      (error: unknown) => this.onError(error, 'handoff presence'),
    );
  }

  /** The shopper's typing, for operators, while the conversation is with them. */
  typing(sessionId: string, typing: boolean): void {
    this.desk.known(sessionId).then((record) => {
      if (record.mode !== 'assistant') this.outlet.operators('shopper-typing', { sessionId, typing });
    }, () => undefined);
  }

  /** What shoppers are told before they ask. */
  presence(): Promise<ShopperPresence> {
    return this.desk.shopperPresence();
  }

  /** The `handoff` field of the `session-sync` ack. */
  state(sessionId: string): Promise<HandoffState> {
    return this.desk.state(sessionId);
  }

  private own<T extends { sessionId: string }>(read: Read<T>, sessionId: string): { ok: true; value: T } | { ok: false; error: ProtocolError } {
    if (!read.ok) return { ok: false, error: read.error.toJSON() };
    return read.value.sessionId === sessionId ? read : { ok: false, error: MISMATCH };
  }

  /** Runs a desk step, turning its refusal into the ack's error. */
  private async refusing(reply: (ack: SimpleAck) => void, step: () => Promise<void>): Promise<void> {
    try {
      await step();
      reply({ ok: true });
    } catch (error) {
      if (!(error instanceof ProtocolFailure)) throw error;
      reply({ ok: false, error: error.toJSON() });
    }
  }
}

function failure(error: ProtocolError): { ok: false; error: ProtocolError } {
  return { ok: false, error };
}

/** An event sent with a callback but no payload arrives as `(callback)`. */
function payloadAndAck(args: unknown[]): [payload: unknown, ack: unknown] {
  const [first, second] = args;
  return args.length === 1 && typeof first === 'function' ? [undefined, first] : [first, second];
}
