import type { IncomingMessage, RequestListener, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Listeners Socket.IO (engine.io) adds to an http server it attaches to. */
export const ATTACH_EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;

/**
 * Puts `wrap`'s listener in front of the server's request listeners: it answers its own requests
 * and passes the rest on to them, so the application never sees (or double-answers) ours.
 */
export function takeOverRequests(server: HttpServer, wrap: (next: RequestListener) => RequestListener): void {
  const previous = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', wrap((request, response) => {
    for (const listener of previous) listener.call(server, request, response);
  }));
}

/**
 * Puts `wrap`'s listener in front of the server's `upgrade` listeners, as `takeOverRequests` does
 * for requests: engine.io answers every upgrade it refuses with 400, so a refusal that must say
 * more has to be answered before engine.io sees it.
 */
export function takeOverUpgrades(server: HttpServer, wrap: (next: UpgradeListener) => UpgradeListener): void {
  const previous = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', wrap((request, socket, head) => {
    for (const listener of previous) listener.call(server, request, socket, head);
  }));
}

export function listen(server: HttpServer, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    if (host === undefined) server.listen(port, onListening);
    else server.listen(port, host, onListening);
  });
}

/** Returns a function that removes what attaching added and restores the caller's request handlers. */
export function detacher(server: HttpServer, before: Map<string, Function[]>): () => void {
  const added = ATTACH_EVENTS.map((event) => {
    const previous = before.get(event) ?? [];
    return [event, server.listeners(event).filter((listener) => !previous.includes(listener))] as const;
  });
  return () => {
    for (const [event, listeners] of added) {
      for (const listener of listeners) server.off(event, listener as (...args: unknown[]) => void);
    }
    // engine.io and the origin guard took the caller's request and upgrade handlers over to wrap
    // them; give them back.
    for (const [event, listeners] of before) {
      for (const listener of listeners) {
        if (!server.listeners(event).includes(listener)) server.on(event, listener as (...args: unknown[]) => void);
      }
    }
  };
}

