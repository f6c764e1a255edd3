import type { ChatServer, ChatServerOptions } from '../src/server/index';

export interface DemoServer {
  url: string;
  port: number;
  chatServer: ChatServer;
  close(): Promise<void>;
}

export function startDemoServer(options?: { port?: number; host?: string; chat?: ChatServerOptions }): Promise<DemoServer>;
