import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type {
  ConversationSummary, OperatorIdentity, OperatorPresence, OperatorToServerEvents, ServerToOperatorEvents, TranscriptEntry,
} from '../../src/protocol/handoff';
import type { ChatResponse, ProductItem } from '../../src/protocol/types';
import { createInboxRoute } from '../../src/server/handoff/inbox-route';

/**
 * The chat server's `/operators` side as the contract (src/protocol/handoff.ts, docs/HANDOFF.md)
 * describes it, small enough to read in one go: the inbox route, a login endpoint, and a desk
 * that keeps conversations in memory. The real desk is built beside the inbox; after merging, this
 * one function is what to point at the real server.
 *
 * Payloads go out as the test gives them, unvalidated, so a test can hand the page hostile strings.
 */

export const OPERATORS = {
  ana: { id: 'op:ana', name: 'Ana', password: 'ana-secret' },
  ben: { id: 'op:ben', name: 'Ben', password: 'ben-secret' },
} as const;

type OperatorSocket = Socket<OperatorToServerEvents, ServerToOperatorEvents, Record<string, never>, { operator: OperatorIdentity }>;

export interface DeskConversation {
  summary: ConversationSummary;
  entries: TranscriptEntry[];
  /** What the shopper's widget would have received: operator replies and typing, in order. */
  toShopper: ({ event: 'chat-response'; response: ChatResponse } | { event: 'agent-typing'; typing: boolean })[];
}

export interface DeskStandIn {
  url: string;
  inboxUrl: string;
  conversations: Map<string, DeskConversation>;
  /** Every event operators sent, in order. */
  received: { operatorId: string; event: string; payload: unknown }[];
  catalog: ProductItem[];
  /** Adds a conversation (as handed off when `mode` is 'waiting') and tells the operators. */
  add(summary: ConversationSummary, entries?: TranscriptEntry[]): void;
  shopperSays(sessionId: string, id: string, text: string): void;
  shopperTyping(sessionId: string, typing: boolean): void;
  shopperSeen(sessionId: string, seq: number): void;
  presence(presence: OperatorPresence): void;
  /** Sends a raw event to every operator, as a buggy or hostile server might. */
  raw(event: keyof ServerToOperatorEvents, payload: unknown): void;
  /** While true, the login endpoint answers 429 as the real one does after too many attempts. */
  loginRateLimited: boolean;
  /** Forgets every token, as a server whose sessions ran out: the next handshake is refused. */
  revokeTokens(): void;
  expireSessions(): void;
  close(): Promise<void>;
}

const TOKEN_MS = 60 * 60_000;

export async function startDesk(options: { assets?: string } = {}): Promise<DeskStandIn> {
  const tokens = new Map<string, OperatorIdentity>();
  const conversations = new Map<string, DeskConversation>();
  const received: DeskStandIn['received'] = [];
  const presence = new Map<string, OperatorPresence>();
  const seqs = new Map<string, number>();
  const inbox = createInboxRoute({ path: '/inbox', ...(options.assets ? { assets: options.assets } : {}) });

  const login = (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (desk.loginRateLimited) {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' });
        response.end(JSON.stringify({ ok: false, error: { code: 'rate_limited', message: 'too many sign-in attempts', retryAfterMs: 60_000 } }));
        return;
      }
      const { login: name, password } = JSON.parse(body) as { login: string; password: string };
      const operator = Object.entries(OPERATORS).find(([key, o]) => key === name && o.password === password)?.[1];
      if (!operator) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid"}');
        return;
      }
      const token = `t-${Math.random().toString(36).slice(2)}`;
      tokens.set(token, { id: operator.id, name: operator.name });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ token, operator: { id: operator.id, name: operator.name }, expiresAt: Date.now() + TOKEN_MS }));
    });
  };

  const http = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/inbox/api/login') return login(request, response);
    // Product photos, as a store's CDN would serve them (the demo catalog's drawings).
    const image = /^\/img\/([a-z0-9]+\.svg)$/.exec(request.url ?? '')?.[1];
    if (image && existsSync(`src/server/catalog/demo/images/${image}`)) {
      response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(readFileSync(`src/server/catalog/demo/images/${image}`));
      return;
    }
    void Promise.resolve(inbox(request, response)).then((done) => done || response.writeHead(404).end());
  });
  const io = new Server(http);
  const ns = io.of('/operators');
  ns.use((socket, next) => {
    const operator = tokens.get(String((socket.handshake.auth as { token?: unknown }).token));
    if (!operator) return next(new Error('unauthorized'));
    socket.data.operator = operator;
    next();
  });

  const view = (c: DeskConversation): ConversationSummary => c.summary;
  const update = (c: DeskConversation) => ns.emit('conversation-updated', view(c));
  const entry = (c: DeskConversation, e: TranscriptEntry) => {
    c.entries.push(e);
    ns.emit('conversation-entry', { sessionId: c.summary.sessionId, entry: e });
  };
  const nextSeq = (sessionId: string) => {
    const seq = (seqs.get(sessionId) ?? Math.max(0, ...(conversations.get(sessionId)?.entries ?? []).map((e) => ('response' in e ? e.response.seq : 0)))) + 1;
    seqs.set(sessionId, seq);
    return seq;
  };
  const refuse = (message: string) => ({ ok: false as const, error: { code: 'invalid' as const, message } });

  ns.on('connection', (raw) => {
    const socket = raw as OperatorSocket;
    const me = socket.data.operator;
    socket.onAny((event: string, payload: unknown) => received.push({ operatorId: me.id, event, payload }));
    socket.on('inbox-list', (_request, ack) =>
      ack({ ok: true, conversations: [...conversations.values()].map(view), operators: [...presence.values()], me }),
    );
    socket.on('conversation-open', ({ sessionId }, ack) => {
      const c = conversations.get(sessionId);
      ack(c ? { ok: true, conversation: { summary: view(c), entries: c.entries } } : refuse('no such conversation'));
    });
    const change = (sessionId: string, ack: (a: never) => void, apply: (c: DeskConversation) => string | undefined) => {
      const c = conversations.get(sessionId);
      const problem = c ? apply(c) : 'no such conversation';
      if (problem || !c) return (ack as (a: unknown) => void)(refuse(problem ?? 'no such conversation'));
      (ack as (a: unknown) => void)({ ok: true, summary: view(c) });
      update(c);
    };
    socket.on('claim', ({ sessionId }, ack) =>
      change(sessionId, ack, (c) => {
        if (c.summary.mode === 'operator' && c.summary.assignee !== me.id) return `${c.summary.assigneeName ?? 'someone'} has it`;
        c.summary = { ...c.summary, mode: 'operator', assignee: me.id, assigneeName: me.name };
        entry(c, { kind: 'event', at: Date.now(), event: 'claimed', by: me.name });
        return undefined;
      }),
    );
    socket.on('release', ({ sessionId }, ack) =>
      change(sessionId, ack, (c) => {
        if (c.summary.assignee !== me.id) return 'not yours';
        const { assignee: _a, assigneeName: _n, ...rest } = c.summary;
        c.summary = { ...rest, mode: 'waiting', handedOffAt: Date.now() };
        entry(c, { kind: 'event', at: Date.now(), event: 'released', by: me.name });
        return undefined;
      }),
    );
    socket.on('hand-back', ({ sessionId }, ack) =>
      change(sessionId, ack, (c) => {
        if (c.summary.mode === 'operator' && c.summary.assignee !== me.id) return 'not yours';
        const { assignee: _a, assigneeName: _n, handedOffAt: _h, ...rest } = c.summary;
        c.summary = { ...rest, mode: 'assistant' };
        entry(c, { kind: 'event', at: Date.now(), event: 'handed-back', by: me.name });
        return undefined;
      }),
    );
    socket.on('reply', (reply, ack) => {
      const c = conversations.get(reply.sessionId);
      if (!c || c.summary.mode !== 'operator' || c.summary.assignee !== me.id) return ack(refuse('claim it first'));
      const seq = nextSeq(reply.sessionId);
      const response: ChatResponse = {
        success: true, id: reply.id, seq, sessionId: reply.sessionId, timestamp: Date.now(), response: reply.text, provider: 'operator',
        ...(reply.blocks ? { blocks: reply.blocks } : {}),
      };
      ack({ ok: true, id: reply.id, seq });
      c.toShopper.push({ event: 'chat-response', response });
      c.entries.push({ kind: 'operator', response, operatorId: me.id });
      socket.broadcast.emit('conversation-entry', { sessionId: reply.sessionId, entry: { kind: 'operator', response, operatorId: me.id } });
      c.summary = { ...c.summary, lastAt: Date.now(), preview: reply.text.slice(0, 80) };
      update(c);
    });
    socket.on('mark-read', ({ sessionId }, ack) => {
      const c = conversations.get(sessionId);
      if (c) c.summary = { ...c.summary, unread: 0 };
      ack({ ok: true });
    });
    socket.on('typing', ({ sessionId, typing }) => {
      conversations.get(sessionId)?.toShopper.push({ event: 'agent-typing', typing });
      socket.broadcast.emit('operator-typing', { sessionId, operatorId: me.id, typing });
    });
    socket.on('catalog-search', ({ query, limit }, ack) => {
      const q = query.toLowerCase();
      ack({ ok: true, items: desk.catalog.filter((p) => p.title.toLowerCase().includes(q)).slice(0, limit ?? 8) });
    });
    socket.on('presence', ({ state }) => {
      const p: OperatorPresence = { operatorId: me.id, name: me.name, state, since: Date.now() };
      presence.set(me.id, p);
      ns.emit('presence-updated', p);
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const desk: DeskStandIn = {
    url,
    inboxUrl: `${url}/inbox/`,
    conversations,
    received,
    catalog: [],
    loginRateLimited: false,
    add(summary, entries = []) {
      conversations.set(summary.sessionId, { summary, entries: [...entries], toShopper: [] });
      update(conversations.get(summary.sessionId)!);
    },
    shopperSays(sessionId, id, text) {
      const c = conversations.get(sessionId)!;
      c.summary = { ...c.summary, unread: c.summary.unread + 1, preview: text.slice(0, 80), lastAt: Date.now() };
      entry(c, { kind: 'shopper', id, text, at: Date.now() });
      update(c);
    },
    shopperTyping(sessionId, typing) {
      ns.emit('shopper-typing', { sessionId, typing });
    },
    shopperSeen(sessionId, seq) {
      const c = conversations.get(sessionId)!;
      c.summary = { ...c.summary, shopperSeenSeq: seq };
      update(c);
    },
    presence(p) {
      presence.set(p.operatorId, p);
      ns.emit('presence-updated', p);
    },
    raw(event, payload) {
      (ns.emit as (e: string, p: unknown) => void)(event, payload);
    },
    revokeTokens() {
      tokens.clear();
    },
    expireSessions() {
      tokens.clear();
      ns.emit('session-expired');
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
    },
  };
  return desk;
}
