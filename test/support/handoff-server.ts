import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { Block, ChatResponse } from '../../src/protocol/index';
import type { HandoffState, ShopperPresence } from '../../src/protocol/handoff';

/**
 * A stand-in for the chat server's hand-off desk (docs/HANDOFF.md), shopper side only, on loopback:
 * it plays the contract so the widget's part can be tested before the real desk exists. The lead
 * swaps it for `createChatServer` with the desk; keep every test's server through this one helper.
 *
 * - `presence` on connect (unless `extension` is false: then it is a plain v1 server);
 * - `chat-message`: in `assistant` mode an echo answer ("You asked about …"); in `waiting` and
 *   `operator` mode acked `awaiting: 'operator'`, stored, never answered;
 * - `handoff-request` (idempotent by id), `handoff-contact` (an address with an `@`, else `invalid`),
 *   `seen`; the `session-sync` ack carries `handoff`;
 * - the test plays the operator: `claim`, `reply`, `typing`, `handBack`, `setPresence`.
 */
export interface HandoffStandInOptions {
  /** Speaks the hand-off extension. @default true */
  extension?: boolean;
  presence?: ShopperPresence;
  /** Within opening hours; outside, a request asks for an email. @default true */
  open?: boolean;
  expectedWaitMs?: number;
}

export interface HandoffLog {
  /** `handoff-request` ids, in order received (a resend shows as a repeat). */
  requests: string[];
  contacts: string[];
  seen: number[];
  messages: string[];
  /** Acks held back while set: `release()` sends them. */
  holdRequests: boolean;
  /** The next contact acks fail with this code (each use counts one down). */
  failContacts: { code: string; times: number };
}

interface SessionRecord {
  state: HandoffState;
  responses: ChatResponse[];
  seq: number;
  requestIds: Set<string>;
}

export interface HandoffStandIn {
  url: string;
  port: number;
  log: HandoffLog;
  /** Acks held by `holdRequests`. */
  release(): void;
  state(sessionId: string): HandoffState | undefined;
  /** Sessions that have connected, in order (a browser test learns its shopper's id here). */
  sessionIds(): string[];
  claim(sessionId: string, name: string): void;
  reply(sessionId: string, name: string, text: string, blocks?: Block[]): ChatResponse;
  typing(sessionId: string, name: string, typing: boolean): void;
  handBack(sessionId: string): void;
  setPresence(presence: ShopperPresence): void;
  /** Stops listening, dropping every connection; `start()` comes back on the same port with the same sessions. */
  close(): Promise<void>;
  start(): Promise<void>;
}

export async function handoffServer(options: HandoffStandInOptions = {}): Promise<HandoffStandIn> {
  const extension = options.extension ?? true;
  let presence: ShopperPresence = options.presence ?? { available: true, expectedWaitMs: 120_000 };
  const log: HandoffLog = { requests: [], contacts: [], seen: [], messages: [], holdRequests: false, failContacts: { code: '', times: 0 } };
  const held: (() => void)[] = [];
  const sessions = new Map<string, SessionRecord>();
  const sockets = new Map<string, Set<Socket>>();
  let http: HttpServer;
  let io: Server;
  let port = 0;

  const session = (sessionId: string): SessionRecord => {
    let record = sessions.get(sessionId);
    if (!record) {
      record = { state: { sessionId, mode: 'assistant', open: options.open ?? true, askContact: false, contactLeft: false, updatedAt: Date.now() }, responses: [], seq: 0, requestIds: new Set() };
      sessions.set(sessionId, record);
    }
    return record;
  };
  const toSession = (sessionId: string, event: string, payload: unknown) => {
    for (const socket of sockets.get(sessionId) ?? []) socket.emit(event, payload);
  };
  const change = (sessionId: string, patch: Partial<HandoffState>) => {
    const record = session(sessionId);
    record.state = { ...record.state, ...patch, updatedAt: Date.now() };
    if (record.state.mode !== 'operator') delete record.state.operator;
    if (record.state.mode !== 'waiting') delete record.state.expectedWaitMs;
    toSession(sessionId, 'handoff-state', record.state);
  };
  const respond = (sessionId: string, fields: Omit<ChatResponse, 'seq' | 'sessionId' | 'timestamp' | 'success'>): ChatResponse => {
    const record = session(sessionId);
    const response: ChatResponse = { success: true, seq: ++record.seq, sessionId, timestamp: Date.now(), ...fields };
    record.responses.push(response);
    toSession(sessionId, 'chat-response', response);
    return response;
  };

  const onConnection = (socket: Socket) => {
    const sessionId = (socket.handshake.auth as { sessionId: string }).sessionId;
    let set = sockets.get(sessionId);
    if (!set) sockets.set(sessionId, (set = new Set()));
    set.add(socket);
    socket.on('disconnect', () => set.delete(socket));
    socket.on('chat-message', (message: { id: string; text: string }, ack: (a: unknown) => void) => {
      log.messages.push(message.text);
      const record = session(sessionId);
      if (record.state.mode !== 'assistant') return ack({ ok: true, id: message.id, awaiting: 'operator' });
      ack({ ok: true, id: message.id });
      respond(sessionId, { id: `r-${message.id}`, replyTo: message.id, response: `You asked about ${message.text}` });
    });
    socket.on('session-sync', (request: { afterSeq: number }, ack: (a: unknown) => void) => {
      const record = session(sessionId);
      ack({ ok: true, responses: record.responses.filter((r) => r.seq > request.afterSeq), ...(extension && record.state.mode !== 'assistant' && { handoff: record.state }) });
    });
    if (!extension) return;
    socket.on('handoff-request', (request: { id: string }, ack: (a: unknown) => void) => {
      log.requests.push(request.id);
      const answer = () => {
        const record = session(sessionId);
        if (!record.requestIds.has(request.id) && record.state.mode === 'assistant') {
          record.requestIds.add(request.id);
          const open = options.open ?? true;
          change(sessionId, { mode: 'waiting', open, askContact: !open || !presence.available, ...(open && presence.available && options.expectedWaitMs !== undefined && { expectedWaitMs: options.expectedWaitMs }) });
        }
        ack({ ok: true, state: session(sessionId).state });
      };
      if (log.holdRequests) held.push(answer);
      else answer();
    });
    socket.on('handoff-contact', (contact: { email: string }, ack: (a: unknown) => void) => {
      log.contacts.push(contact.email);
      if (log.failContacts.times > 0) {
        log.failContacts.times--;
        return ack({ ok: false, error: { code: log.failContacts.code, message: 'stand-in refused it', retryAfterMs: 1 } });
      }
      if (!/^[^@\s]+@[^@\s]+$/.test(contact.email)) return ack({ ok: false, error: { code: 'invalid', message: 'not an email address' } });
      ack({ ok: true });
      change(sessionId, { contactLeft: true });
    });
    socket.on('seen', (notice: { seq: number }) => log.seen.push(notice.seq));
    socket.emit('presence', presence);
  };

  const start = async () => {
    http = createServer();
    io = new Server(http);
    io.on('connection', onConnection);
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  };
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    log,
    release: () => held.splice(0).forEach((answer) => answer()),
    state: (sessionId) => sessions.get(sessionId)?.state,
    sessionIds: () => [...sockets.keys()],
    claim: (sessionId, name) => change(sessionId, { mode: 'operator', operator: { name } }),
    reply: (sessionId, name, text, blocks) => respond(sessionId, { id: `op-${Math.random().toString(36).slice(2)}`, response: text, provider: 'operator', author: { kind: 'operator', name }, ...(blocks && { blocks }) }),
    typing: (sessionId, name, typing) => toSession(sessionId, 'agent-typing', { sessionId, typing, author: { kind: 'operator', name } }),
    handBack: (sessionId) => change(sessionId, { mode: 'assistant', askContact: false }),
    setPresence: (next) => {
      presence = next;
      io.emit('presence', next);
    },
    start,
    async close() {
      io.disconnectSockets(true);
      await new Promise((resolve) => io.close(resolve));
      http.closeAllConnections();
    },
  };
}
