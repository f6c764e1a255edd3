import { io as connectClient } from 'socket.io-client';
import type { ChatResponse, MessageAck } from '../../src/protocol';
import { waitFor } from '../support/wait';
import type { ClientSocket } from './helpers';

export interface Arrival {
  via: 'event' | 'sync';
  response: ChatResponse;
}

/**
 * The widget's delivery rules, reduced to what the server has to make work: it reconnects by
 * itself, renders each response id once, keeps the highest seq it rendered, and asks session-sync
 * for what it missed on every connect. Everything that arrives is kept, before de-duplication, so
 * tests can also say what the server sent twice.
 */
export class WidgetModel {
  readonly socket: ClientSocket;
  readonly arrivals: Arrival[] = [];
  readonly rendered = new Map<string, ChatResponse>();
  /** One entry per connect: whether Socket.IO recovered the connection state, and what sync brought. */
  readonly connects: { recovered: boolean; synced: ChatResponse[] }[] = [];
  lastSeq = 0;

  constructor(url: string, readonly sessionId: string) {
    this.socket = connectClient(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 100,
      randomizationFactor: 0,
      auth: (send) => send({ sessionId, client: 'test', lastSeq: this.lastSeq }),
    });
    // With recovery on, events carry their offset as an extra last argument: only the first counts.
    this.socket.on('chat-response', (response) => this.take('event', response));
    // Events missed while away are delivered before 'connect' fires, so lastSeq already counts them.
    this.socket.on('connect', () => void this.sync());
  }

  /** Sends a message and resolves with the ack (a timeout rejects: the caller decides to resend). */
  send(id: string, text: string): Promise<MessageAck> {
    return this.socket.timeout(5000).emitWithAck('chat-message', { id, sessionId: this.sessionId, text, sentAt: Date.now() });
  }

  connected(): Promise<void> {
    return waitFor(() => this.socket.connected && this.connects.length > 0, 'the widget to connect and sync').then(() => undefined);
  }

  /** Resolves once `count` connects have completed their sync. */
  syncedTimes(count: number): Promise<void> {
    return waitFor(() => this.connects.length >= count, `connect number ${count} and its sync`).then(() => undefined);
  }

  responseTo(messageId: string): Promise<ChatResponse> {
    return waitFor(() => [...this.rendered.values()].find((r) => r.replyTo === messageId), `the response to ${messageId}`);
  }

  /** Ids that arrived more than once, by any way. */
  duplicates(): string[] {
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const { response } of this.arrivals) (seen.has(response.id) ? twice : seen).add(response.id);
    return [...twice];
  }

  close(): void {
    this.socket.disconnect();
  }

  private async sync(): Promise<void> {
    const recovered = this.socket.recovered === true;
    try {
      const ack = await this.socket.timeout(5000).emitWithAck('session-sync', { sessionId: this.sessionId, afterSeq: this.lastSeq });
      const synced = ack.ok ? ack.responses : [];
      for (const response of synced) this.take('sync', response);
      this.connects.push({ recovered, synced });
    } catch {
      // Cut again before the answer came: the next connect syncs.
    }
  }

  private take(via: Arrival['via'], response: ChatResponse): void {
    this.arrivals.push({ via, response });
    if (this.rendered.has(response.id)) return;
    this.rendered.set(response.id, response);
    this.lastSeq = Math.max(this.lastSeq, response.seq);
  }
}
