import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** A fixture of test/fixtures/catalog as text. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/catalog/${name}`, import.meta.url));
}

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a route answers: a page, or `'hang'` to never answer (for timeouts). */
export type StandInAnswer = { status?: number; headers?: Record<string, string>; body: string } | 'hang';

export interface StandIn {
  url: string;
  requests: StandInRequest[];
  /** Replaces the route function (a store whose catalog changed). */
  route: (request: StandInRequest) => StandInAnswer;
}

/**
 * A store on loopback that answers from a route function and records every request, closed after
 * the test. Hanging requests are destroyed at close.
 */
export function standIns() {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })));
  });
  return async (route: StandIn['route']): Promise<StandIn> => {
    const standIn: StandIn = { url: '', requests: [], route };
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://stand-in');
        const seen: StandInRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        standIn.requests.push(seen);
        const answer = standIn.route(seen);
        if (answer === 'hang') return;
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    standIn.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return standIn;
  };
}

export const notFound: StandInAnswer = { status: 404, body: '{"message":"not found"}' };
