import type { ChatServer, ChatServerOptions } from '../src/server/index';

export interface DemoServer {
  url: string;
  port: number;
  chatServer: ChatServer;
  close(): Promise<void>;
}

export function startDemoServer(options?: {
  port?: number;
  host?: string;
  chat?: ChatServerOptions;
  /** A promise to wait for before answering `pathname`, or undefined to answer at once. */
  hold?: (pathname: string) => Promise<unknown> | undefined;
}): Promise<DemoServer>;
