// `npm start`: the demo store with the widget and the chat server, on PORT (default 3000).
import { startDemoServer } from './demo-server.mjs';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const demo = await startDemoServer({ port, host });
console.log(`AI Discovery demo store: ${demo.url}`);
console.log('Open it and ask the assistant for "blue light glasses". Ctrl+C stops the server.');

const stop = () => demo.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
