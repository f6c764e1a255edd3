import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductItem } from '../../src/protocol';
import { ToolInputError, openAiResponder, type OpenAiResponderOptions, type ResponderTool } from '../../src/server';
import { Recorder, connectedClient, message, startServer, uniqueId, type ClientSocket, type TestServer } from './helpers';
import { Upstream, streamCompletion, streamToolCalls, type SeenRequest } from './upstreams';

interface ApiMessage { role: string; content: string | null; tool_call_id?: string; tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[] }

const messagesOf = (seen: SeenRequest) => seen.body.messages as ApiMessage[];

/** A stand-in tool over three products: it finds those whose title holds the query and fit the price. */
function productTool(calls: unknown[]): ResponderTool {
  const products: ProductItem[] = [
    { id: 'p1', title: 'Clearview Blue Light Glasses', url: 'https://shop.example/products/clearview', price: { amount: 59, currency: 'USD' } },
    { id: 'p2', title: 'ScreenGuard Blue Light Glasses', url: 'https://shop.example/products/screenguard', price: { amount: 65, currency: 'USD' } },
    { id: 'p3', title: 'Aviator Sunglasses', url: 'https://shop.example/products/aviator', price: { amount: 129, currency: 'USD' } },
  ];
  return {
    name: 'search_products',
    description: 'Search the store catalog.',
    parameters: { type: 'object', properties: { query: { type: 'string' }, max_price: { type: 'number' } }, required: ['query'] },
    run(args) {
      calls.push(args);
      const { query, max_price: maxPrice } = args as { query?: unknown; max_price?: unknown };
      if (typeof query !== 'string') throw new ToolInputError('query must be a string');
      const found = products.filter((p) => p.title.toLowerCase().includes(query.toLowerCase()) && (typeof maxPrice !== 'number' || p.price!.amount <= maxPrice));
      return {
        content: found.length === 0 ? 'No products found.' : found.map((p) => `${p.id}: ${p.title}, ${p.price!.amount} USD`).join('\n'),
        blocks: found.length === 0 ? [] : [{ type: 'products', items: found }],
      };
    },
  };
}

describe('openAiResponder with tools (chat completions tools API, streamed)', () => {
  let upstream: Upstream;
  let base: string;
  let t: TestServer | undefined;
  const sockets: ClientSocket[] = [];

  beforeEach(async () => {
    upstream = new Upstream();
    base = await upstream.start();
  });

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await t?.server.close();
    t = undefined;
    await upstream.close();
  });

  async function ask(extra: Partial<OpenAiResponderOptions>, text: string) {
    t = await startServer({ respond: openAiResponder({ baseUrl: `${base}/v1`, apiKey: 'sk-test', model: 'test-model', ...extra }) });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    const m = message(sessionId, text);
    expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    return recorder.responseTo(m.id);
  }

  it('the model calls search_products, the server runs it, the model answers, and the cards are the tool\'s', async () => {
    const calls: unknown[] = [];
    upstream.handle = (seen, response) => {
      if (!messagesOf(seen).some((m) => m.role === 'tool')) {
        return streamToolCalls(response, [{ id: 'call_a', name: 'search_products', arguments: '{"query":"blue light","max_price":60}' }]);
      }
      // The model's text names a product that does not exist: it must never become a card.
      return streamCompletion(response, ['The Clearview pair ', 'fits your budget. ', 'Also try the Imaginary X1!']);
    };
    const response = await ask({ tools: [productTool(calls)] }, 'blue light glasses under $60');

    expect(calls).toEqual([{ query: 'blue light', max_price: 60 }]);
    expect(upstream.seen).toHaveLength(2);
    const first = upstream.seen[0]!.body;
    expect(first.tool_choice).toBe('auto');
    expect(first.tools).toEqual([{ type: 'function', function: expect.objectContaining({ name: 'search_products', parameters: expect.objectContaining({ required: ['query'] }) }) }]);
    const followUp = messagesOf(upstream.seen[1]!);
    const assistant = followUp.at(-2)!;
    expect(assistant).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'search_products', arguments: '{"query":"blue light","max_price":60}' } }] });
    expect(followUp.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_a', content: 'p1: Clearview Blue Light Glasses, 59 USD' });

    expect(response).toMatchObject({ success: true, response: 'The Clearview pair fits your budget. Also try the Imaginary X1!', provider: 'openai:test-model' });
    expect(response.blocks).toEqual([{ type: 'products', items: [expect.objectContaining({ id: 'p1', title: 'Clearview Blue Light Glasses' })] }]);
  });

  it('several calls in one turn run in order, their cards merged once each, at most maxProducts', async () => {
    const calls: unknown[] = [];
    upstream.handle = (seen, response) => {
      if (!messagesOf(seen).some((m) => m.role === 'tool')) {
        return streamToolCalls(response, [
          { id: 'c1', name: 'search_products', arguments: '{"query":"glasses"}' },
          { id: 'c2', name: 'search_products', arguments: '{"query":"blue"}' },
        ], 3);
      }
      return streamCompletion(response, ['Here you go.']);
    };
    const response = await ask({ tools: [productTool(calls)], maxProducts: 2 }, 'glasses');
    expect(calls).toEqual([{ query: 'glasses' }, { query: 'blue' }]);
    const tools = messagesOf(upstream.seen[1]!).filter((m) => m.role === 'tool');
    expect(tools.map((m) => m.tool_call_id)).toEqual(['c1', 'c2']);
    const products = response.blocks?.[0];
    expect(products?.type === 'products' && products.items.map((i) => i.id)).toEqual(['p1', 'p2']);
  });

  it('bad JSON, an unknown tool and a refused argument go back to the model as errors it can correct', async () => {
    const calls: unknown[] = [];
    upstream.handle = (seen, response) => {
      const round = messagesOf(seen).filter((m) => m.role === 'assistant' && m.tool_calls).length;
      if (round === 0) {
        return streamToolCalls(response, [
          { id: 'c1', name: 'search_products', arguments: '{"query": "blue' },
          { id: 'c2', name: 'delete_store', arguments: '{}' },
          { id: 'c3', name: 'search_products', arguments: '{"query": 42}' },
        ]);
      }
      return streamCompletion(response, ['Sorry, I could not search just now.']);
    };
    const response = await ask({ tools: [productTool(calls)] }, 'blue');
    const tools = messagesOf(upstream.seen[1]!).filter((m) => m.role === 'tool');
    expect(tools.map((m) => m.content)).toEqual([
      expect.stringMatching(/^Error: the arguments were not valid JSON/),
      expect.stringMatching(/^Error: there is no tool named "delete_store"/),
      'Error: query must be a string',
    ]);
    expect(calls).toEqual([{ query: 42 }]);
    expect(response).toMatchObject({ success: true, response: 'Sorry, I could not search just now.' });
    expect(response.blocks ?? []).toEqual([]);
  });

  it('a model that keeps calling tools is made to answer in words after maxToolRounds', async () => {
    upstream.handle = (seen, response) => {
      if (seen.body.tool_choice === 'none') return streamCompletion(response, ['Final answer.']);
      return streamToolCalls(response, [{ name: 'search_products', arguments: '{"query":"x"}' }]);
    };
    const response = await ask({ tools: [productTool([])], maxToolRounds: 2 }, 'loop');
    expect(upstream.seen.map((s) => s.body.tool_choice)).toEqual(['auto', 'auto', 'none']);
    // Calls without an id get one, so each tool answer still pairs with its call.
    expect(messagesOf(upstream.seen[2]!).filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(['call_0', 'call_0']);
    expect(response).toMatchObject({ success: true, response: 'Final answer.' });
  });

  it('text before a tool call stays, and the answer after it starts a new paragraph', async () => {
    upstream.handle = (seen, response) => {
      if (messagesOf(seen).some((m) => m.role === 'tool')) return streamCompletion(response, ['Found one.']);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      response.write(chunk({ content: 'Let me look.' }));
      response.write(chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'search_products', arguments: '{"query":"aviator"}' } }] }));
      response.end(chunk({}, 'tool_calls') + 'data: [DONE]\n\n');
    };
    const response = await ask({ tools: [productTool([])] }, 'aviators');
    expect(messagesOf(upstream.seen[1]!).at(-2)).toMatchObject({ role: 'assistant', content: 'Let me look.' });
    expect(response.response).toBe('Let me look.\n\nFound one.');
  });

  it('refuses tool definitions a model API would reject, at once', () => {
    const tool = productTool([]);
    expect(() => openAiResponder({ model: 'm', tools: [{ ...tool, name: 'search products' }] })).toThrow(/tool name/);
    expect(() => openAiResponder({ model: 'm', tools: [tool, tool] })).toThrow(/two tools are named search_products/);
  });
});
