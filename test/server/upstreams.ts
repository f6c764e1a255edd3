import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One request an upstream stand-in received, and whether the caller hung up before the end. */
export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Set when the connection closed before the stand-in finished its answer. */
  abortedEarly: boolean;
  closed: Promise<void>;
}

export type Handler = (seen: SeenRequest, response: ServerResponse) => void | Promise<void>;

/**
 * A local HTTP server standing in for an upstream (an OpenAI-compatible API, a store's /api/chat),
 * on 127.0.0.1. Its behaviour per test is `handle`; it records every request it saw.
 */
export class Upstream {
  readonly seen: SeenRequest[] = [];
  handle: Handler = (_seen, response) => void response.writeHead(404).end();
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((request, response) => void this.onRequest(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async close(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    const text = Buffer.concat(parts).toString('utf8');
    let closedResolve!: () => void;
    const seen: SeenRequest = {
      path: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : {}, abortedEarly: false,
      closed: new Promise((resolve) => (closedResolve = resolve)),
    };
    this.seen.push(seen);
    this.open.add(response);
    response.once('close', () => {
      seen.abortedEarly = !response.writableFinished;
      this.open.delete(response);
      closedResolve();
    });
    await this.handle(seen, response);
  }
}

/** Writes an OpenAI-style chat completions stream: a role chunk, one chunk per piece, a finish chunk, [DONE]. */
export async function streamCompletion(response: ServerResponse, pieces: string[], pauseMs = 0): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '' }));
  for (const piece of pieces) {
    if (response.destroyed) return;
    response.write(chunk({ content: piece }));
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  response.write(': keep-alive comment\n\n');
  response.write(chunk({}, 'stop'));
  response.end('data: [DONE]\n\n');
}

/**
 * Writes an OpenAI-style stream in which the model calls tools, as the chat completions API sends
 * it: each call's id and name first, its JSON arguments in pieces of `pieceLength` characters,
 * calls keyed by `index`, then `finish_reason: "tool_calls"`.
 */
export function streamToolCalls(response: ServerResponse, calls: { id?: string; name: string; arguments: string }[], pieceLength = 7): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  response.write(chunk({ role: 'assistant', content: null }));
  calls.forEach((call, index) => {
    response.write(chunk({ tool_calls: [{ index, ...(call.id === undefined ? {} : { id: call.id }), type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (let i = 0; i < call.arguments.length; i += pieceLength) {
      response.write(chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(i, i + pieceLength) } }] }));
    }
  });
  response.write(chunk({}, 'tool_calls'));
  response.end('data: [DONE]\n\n');
}
