import type { Namespace, Socket } from 'socket.io';
import type {
  ConversationSummary, OperatorToServerEvents, ServerToOperatorEvents,
} from '../../protocol/handoff.js';
import { ProtocolFailure, type ErrorCode, type ProductItem, type ProtocolError, type ProtocolLimits } from '../../protocol/index.js';
import { connectError } from '../guards/handshake.js';
import type { ConversationStore } from './conversation-store.js';
import type { OperatorAuthenticator, OperatorSession, PresenceRegistry } from './contracts.js';
import type { HandoffDesk } from './desk.js';
import { OPERATORS_ROOM, type DeskOutlet } from './desk-outlet.js';
import type { HandoffMessages } from './handoff-messages.js';
import { readCatalogSearch, readNoFields, readOperatorReply, readPresence, readSessionRequest, readTyping, type Read } from './handoff-parsers.js';

export interface OperatorNamespaceDeps {
  authenticator: OperatorAuthenticator;
  desk: HandoffDesk;
  messages: HandoffMessages;
  conversations: ConversationStore;
  presence: PresenceRegistry;
  outlet: DeskOutlet;
  limits: ProtocolLimits;
  /** The store's catalog search, as product cards. */
  search: (query: string, limit: number) => ProductItem[];
  now: () => number;
  onError: (error: unknown, where: string) => void;
}

interface OperatorData {
  operator: OperatorSession;
}

type OperatorSocket = Socket<OperatorToServerEvents, ServerToOperatorEvents, Record<string, never>, OperatorData>;
export type OperatorNsp = Namespace<OperatorToServerEvents, ServerToOperatorEvents, Record<string, never>, OperatorData>;

/** Conversations one `inbox-list` returns, most recently active first (waiting ones before). */
const LIST_LIMIT = 200;
/** Transcript entries `conversation-open` returns. */
const OPEN_LIMIT = 500;
/** Longest token read from a handshake. */
const MAX_TOKEN = 4096;
/** setTimeout's longest delay: an expiry further away is checked again then. */
const MAX_TIMER_MS = 2_147_483_647;

type Ack<T> = (ack: { ok: true } & T | { ok: false; error: ProtocolError }) => void;

/**
 * The `/operators` namespace: a connection is let in only with a token the authenticator
 * verifies (`connect_error` `unauthorized` otherwise), is cut when its session expires (after
 * `session-expired`), and every event is parsed and then authorised by the desk, which alone
 * decides who may claim, reply, release or hand back. Operators join one room; the Socket.IO
 * adapter carries it across processes, so shoppers on one process reach operators on another.
 */
export class OperatorNamespace {
  constructor(private readonly nsp: OperatorNsp, private readonly deps: OperatorNamespaceDeps) {}

  attach(): void {
    this.nsp.use((socket, next) => {
      this.verify(socket.handshake.auth).then((operator) => {
        if (operator === null) return next(connectError('unauthorized', 'sign in again: the operator token is missing, invalid or expired'));
        socket.data.operator = operator;
        next();
      }, (error: unknown) => {
        this.deps.onError(error, 'operator authenticator');
        next(connectError('unavailable', 'operator sign-in is unavailable: try again'));
      });
    });
    this.nsp.on('connection', (socket) => this.connected(socket));
  }

  private async verify(auth: unknown): Promise<OperatorSession | null> {
    const token = typeof auth === 'object' && auth !== null && Object.hasOwn(auth, 'token') ? (auth as { token: unknown }).token : undefined;
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN) return null;
    const operator = await this.deps.authenticator.verify(token);
    return operator !== null && operator.expiresAt > this.deps.now() ? operator : null;
  }

  private connected(socket: OperatorSocket): void {
    const operator = socket.data.operator;
    const { desk, messages, presence, outlet } = this.deps;
    void socket.join([OPERATORS_ROOM, `op:${operator.id}`]);
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const expire = () => {
      socket.emit('session-expired');
      socket.disconnect(true);
    };
    const watch = () => {
      const left = operator.expiresAt - this.deps.now();
      expiry = left > MAX_TIMER_MS ? setTimeout(watch, MAX_TIMER_MS) : setTimeout(expire, Math.max(0, left));
    };
    watch();
    const present = (state: 'online' | 'away') => presence.set(operator, socket.id, state).catch((error: unknown) => this.deps.onError(error, 'presence registry'));
    void present('online');
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      presence.remove(operator.id, socket.id).catch((error: unknown) => this.deps.onError(error, 'presence registry'));
    });

    const on = <T>(event: keyof OperatorToServerEvents, handle: (raw: unknown) => Promise<T>) => {
      socket.on(event, ((...args: unknown[]) => {
        // Sent with a callback but no payload, the callback comes first: answer it as invalid input.
        const [raw, ack] = args.length === 1 ? [undefined, args[0]] : args;
        if (typeof ack !== 'function') return;
        this.answer(operator, expire, () => handle(raw), ack as Ack<T>);
      }) as never);
    };
    const sessionOf = (raw: unknown, event: string) => take(readSessionRequest(raw, event)).sessionId;

    on('inbox-list', async (raw) => {
      take(readNoFields(raw, 'inbox-list'));
      const records = await this.deps.conversations.list(LIST_LIMIT);
      const conversations = await Promise.all(records.map((record) => desk.summary(record, operator.id)));
      return { conversations: conversations.sort(inboxOrder), operators: await presence.list(), me: { id: operator.id, name: operator.name } };
    });
    on('conversation-open', async (raw) => {
      const record = await desk.known(sessionOf(raw, 'conversation-open'));
      const entries = await this.deps.conversations.entries(record.sessionId, OPEN_LIMIT);
      return { conversation: { summary: await desk.summary(record, operator.id), entries } };
    });
    on('claim', async (raw) => ({ summary: await desk.claim(sessionOf(raw, 'claim'), operator) }));
    on('release', async (raw) => ({ summary: await desk.release(sessionOf(raw, 'release'), operator) }));
    on('hand-back', async (raw) => ({ summary: await desk.handBack(sessionOf(raw, 'hand-back'), operator) }));
    on('reply', async (raw) => messages.reply(operator, take(readOperatorReply(raw, this.deps.limits))));
    on('mark-read', async (raw) => {
      await desk.markRead(sessionOf(raw, 'mark-read'), operator);
      return {};
    });
    on('catalog-search', async (raw) => {
      const { query, limit } = take(readCatalogSearch(raw));
      return { items: this.deps.search(query, limit) };
    });
    // No ack on these two: typing is volatile, presence is restated on each change.
    socket.on('typing', (raw: unknown) => {
      const typing = readTyping(raw);
      if (!typing.ok || !this.fresh(operator)) return;
      const { sessionId } = typing.value;
      desk.known(sessionId).then((record) => {
        outlet.operators('operator-typing', { sessionId, operatorId: operator.id, typing: typing.value.typing });
        // The shopper sees only the assignee type: a colleague drafting in another tab is not "the store".
        if (record.mode === 'operator' && record.assignee === operator.id) {
          outlet.shopper(sessionId, 'agent-typing', { sessionId, typing: typing.value.typing, author: { kind: 'operator', name: operator.name } });
        }
      }, () => undefined);
    });
    socket.on('presence', (raw: unknown) => {
      const state = readPresence(raw);
      if (state.ok && this.fresh(operator)) void present(state.value.state);
    });
  }

  private fresh(operator: OperatorSession): boolean {
    return operator.expiresAt > this.deps.now();
  }

  /** Runs an operator action: refused once the session expired; a desk refusal becomes the ack's error. */
  private answer<T>(operator: OperatorSession, expire: () => void, handle: () => Promise<T>, ack: Ack<T>): void {
    if (!this.fresh(operator)) {
      ack({ ok: false, error: { code: 'unauthorized', message: 'the operator session has expired: sign in again' } });
      expire();
      return;
    }
    handle().then((value) => ack({ ok: true, ...value }), (error: unknown) => {
      if (error instanceof ProtocolFailure) return ack({ ok: false, error: error.toJSON() });
      this.deps.onError(error, 'operator handler');
      ack({ ok: false, error: { code: 'internal' satisfies ErrorCode, message: 'internal error' } });
    });
  }
}

function take<T>(read: Read<T>): T {
  if (!read.ok) throw read.error;
  return read.value;
}

/** Waiting first, longest waiting at the top; then the rest by last activity. */
function inboxOrder(a: ConversationSummary, b: ConversationSummary): number {
  const wa = a.mode === 'waiting' ? 0 : 1;
  const wb = b.mode === 'waiting' ? 0 : 1;
  if (wa !== wb) return wa - wb;
  return wa === 0 ? (a.handedOffAt ?? 0) - (b.handedOffAt ?? 0) : b.lastAt - a.lastAt;
}
