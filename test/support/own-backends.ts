import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { EventMapping } from '../../src/index';

/** What a stand-in received and how it answers: `hold` keeps answers back until released. */
export interface BackendLog {
  /** Every text received, in order (a resend shows as a repeat). */
  received: string[];
  /** Answers waiting while `hold` is on. */
  held: (() => void)[];
  hold: boolean;
}

export interface StandIn {
  url: string;
  port: number;
  log: BackendLog;
  /** Stops listening and drops every connection, as a crash would; `start()` comes back on the same port. */
  close(): Promise<void>;
  start(): Promise<void>;
}

/** "fail" is answered with the guide's failure shape; anything else with an echo. */
const answerTo = (text: string) => (text.includes('fail') ? { ok: false as const, error: 'The AI provider is unavailable' } : { ok: true as const, response: `You asked about ${text}` });

function release(log: BackendLog, send: () => void): void {
  if (log.hold) log.held.push(send);
  else send();
}

async function listen(server: HttpServer, port: number): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Listens on loopback and comes back on the same port after `close()`, as a restarted backend
 * would; `open` makes a fresh server each time. A Socket.IO stand-in drops its sockets on close.
 */
async function restartable(log: BackendLog, open: () => { http: HttpServer; io?: Server }): Promise<StandIn> {
  let current: { http: HttpServer; io?: Server } | undefined;
  let port = 0;
  const start = async () => {
    current = open();
    port = await listen(current.http, port);
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
    start,
    async close() {
      const { http, io } = current!;
      if (io) {
        io.disconnectSockets(true);
        await new Promise((resolve) => io.close(resolve));
        http.closeAllConnections();
      } else {
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
      }
    },
  };
}

/** A Socket.IO stand-in: `onConnection` wires each socket of a fresh server. */
function socketStandIn(log: BackendLog, origin: string | undefined, onConnection: (socket: Socket) => void): Promise<StandIn> {
  return restartable(log, () => {
    const http = createServer();
    const io = new Server(http, origin ? { cors: { origin } } : {});
    io.on('connection', onConnection);
    return { http, io };
  });
}

/**
 * The integration guide's Socket.IO server, as written there: a `chat-message` handler that reads
 * `message`, emits `chat-response` as `{ success, response, sessionId, provider, timestamp }` (an
 * ISO string) or `{ success: false, error: error.message, timestamp }`, and never acknowledges.
 */
export async function guideSocketServer(origin: string | undefined = undefined): Promise<StandIn> {
  const log: BackendLog = { received: [], held: [], hold: false };
  return socketStandIn(log, origin, (socket) => {
    socket.on('chat-message', (data: { message: string; sessionId: string }) => {
      log.received.push(data.message);
      const answer = answerTo(data.message);
      release(log, () => socket.emit('chat-response', answer.ok
        ? { success: true, response: answer.response, sessionId: data.sessionId, provider: 'openai', timestamp: new Date().toISOString() }
        : { success: false, error: answer.error, timestamp: new Date().toISOString() }));
    });
  });
}

/**
 * A unified `POST /api/chat` endpoint: reads `{ message }`, answers `{ success, response, provider,
 * blocks }`, or `500 { success: false, error }` when the provider fails. It knows nothing of ids.
 */
export async function unifiedHttpServer(): Promise<StandIn> {
  const log: BackendLog = { received: [], held: [], hold: false };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization, x-ai-discovery-client');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { message } = JSON.parse(body) as { message: string };
      log.received.push(message);
      const answer = answerTo(message);
      release(log, () => {
        if (!answer.ok) return void res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false, error: answer.error }));
        const blocks = [{ type: 'products', items: [{ id: 'p1', title: 'Blue light glasses', url: 'https://shop.example/p1', price: { amount: 49, currency: 'USD' } }] }];
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, response: answer.response, provider: 'openai', blocks }));
      });
    });
  };
  return restartable(log, () => ({ http: createServer(handle) }));
}

/**
 * A Socket.IO backend with its own vocabulary: reads `chat:message` as `{ messageId, content }`,
 * says `chat:typing` `{ isTyping }`, streams the answer as `chat:message:stream` `{ messageId,
 * chunk }` pieces (one per word), then ends with `chat:message:complete` `{ messageId, content }`, or `chat:error` `{ messageId,
 * message }` when the provider fails. It acknowledges only when the emit asks for it (it does not
 * drop repeats of an id). With `repeatComplete`, every completion is sent twice, as a backend
 * retrying its own emit would.
 */
export async function streamingSocketServer(origin: string | undefined = undefined): Promise<StandIn & { repeatComplete: boolean; dropAcks: number }> {
  const log: BackendLog = { received: [], held: [], hold: false };
  const self = { repeatComplete: false, dropAcks: 0 };
  const standIn = await socketStandIn(log, origin, (socket) => {
    socket.on('chat:message', (data: { messageId: string; content: string }, ack?: (reply: unknown) => void) => {
      log.received.push(data.content);
      // A widget told the backend acks passes a callback; the first `dropAcks` go unanswered.
      if (ack && self.dropAcks-- <= 0) ack({ received: true });
      const answer = answerTo(data.content);
      // Typing and the pieces go at once; the ending waits while `hold` is on, so a test sees
      // the answer half written for as long as it likes.
      socket.emit('chat:typing', { isTyping: true });
      if (answer.ok) for (const chunk of answer.response.split(/(?<= )/)) socket.emit('chat:message:stream', { messageId: data.messageId, chunk });
      release(log, () => {
        socket.emit('chat:typing', { isTyping: false });
        if (!answer.ok) return void socket.emit('chat:error', { messageId: data.messageId, message: answer.error });
        const complete = { messageId: data.messageId, content: answer.response };
        socket.emit('chat:message:complete', complete);
        if (self.repeatComplete) socket.emit('chat:message:complete', complete);
      });
    });
  });
  return Object.assign(self, standIn);
}

/**
 * The `events` option for `streamingSocketServer`, as the README's worked example writes it (the
 * browser test puts the same text in the store's page). `echoId: false` leaves out the message id,
 * so answers are matched to the oldest unanswered message.
 */
export function streamingEvents({ echoId = true } = {}): EventMapping {
  const replyTo = (p: { messageId: string }) => (echoId ? p.messageId : undefined);
  return {
    send: 'chat:message',
    payload: (m) => ({ messageId: m.id, content: m.text }),
    on: {
      'chat:typing': (p: { isTyping: boolean }) => ({ type: 'typing', typing: p.isTyping }),
      'chat:message:stream': (p: { messageId: string; chunk: string }) => ({ type: 'chunk', delta: p.chunk, replyTo: replyTo(p) }),
      'chat:message:complete': (p: { messageId: string; content: string }) => ({ type: 'response', success: true, response: p.content, replyTo: replyTo(p) }),
      'chat:error': (p: { messageId: string; message: string }) => ({ type: 'response', success: false, error: p.message, replyTo: replyTo(p) }),
    },
  };
}
