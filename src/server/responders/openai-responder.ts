import { ProtocolFailure, type Block } from '../../protocol/index.js';
import { responderText } from '../answering/face-message.js';
import { recentWithin } from '../sessions/turns.js';
import type { Responder, RespondContext } from '../answering/responder-types.js';
import { sseData } from './sse.js';
import { ToolCallAssembler, checkTools, mergeBlocks, runToolCalls, toolDefinitions, type ResponderTool, type ToolCall } from './tool-calls.js';
import { UpstreamRefused, fetchFailure, upstreamFailure } from './upstream.js';

export interface OpenAiResponderOptions {
  /** Base URL of an OpenAI-compatible API (OpenAI, Azure-style gateways, vLLM, Ollama, LiteLLM). @default 'https://api.openai.com/v1' */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer`; leave out for local servers that need none. @default undefined */
  apiKey?: string;
  /** The model name the API knows. */
  model: string;
  /** The assistant's instructions. @default a short shopping-assistant prompt */
  systemPrompt?: string;
  /** Longest wait for the API to start answering; once it streams, the server's `responseTimeoutMs` watches for stalls. @default 30000 */
  timeoutMs?: number;
  /**
   * Earlier turns of the session sent as chat history (the shopper's messages as `user`, the
   * answers as `assistant`), most recent first until a bound is reached; `0` sends none.
   * @default 10
   */
  historyTurns?: number;
  /** Most characters of chat history sent, all turns together. @default 8000 */
  historyChars?: number;
  /** Extra fields of the request body, e.g. `{ temperature: 0.3, max_tokens: 500 }`. @default {} */
  body?: Record<string, unknown>;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Functions the model may call (chat completions `tools`), such as `searchProductsTool()`: the
   * model asks, the server runs the tool, the model answers with the result, and the tool's blocks
   * (product cards) follow the answer. @default []
   */
  tools?: readonly ResponderTool[];
  /** Most model turns that may call tools before the model must answer in words. @default 3 */
  maxToolRounds?: number;
  /** Most product cards one answer shows, from all tool calls together. @default 4 */
  maxProducts?: number;
}

/** One message of the chat completions `messages` list. */
type ApiMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: unknown[] }
  | { role: 'tool'; tool_call_id: string; content: string };

const DEFAULT_PROMPT = 'You are the shopping assistant of an online store. Answer briefly and helpfully, in the shopper\'s language. '
  + 'Recommend only products listed in the context you are given; never invent products, prices or links.';

/**
 * Streams answers from an OpenAI-compatible chat completions API (`stream: true`, server-sent
 * events): each `choices[0].delta.content` becomes a `chat-response-chunk`. The request runs under
 * the answer's abort signal, so `chat-cancel`, the idle timeout and shutdown close the upstream
 * connection, and the model stops generating (and billing).
 *
 * @example
 * createChatServer({ respond: openAiResponder({ apiKey: process.env.OPENAI_API_KEY, model: 'gpt-4o-mini' }) });
 */
export function openAiResponder(options: OpenAiResponderOptions): Responder {
  if (typeof options.model !== 'string' || options.model === '') throw new TypeError('openAiResponder: model is required, e.g. { model: "gpt-4o-mini" }');
  const endpoint = `${(options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/chat/completions`;
  new URL(endpoint);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`openAiResponder: timeoutMs must be positive, got ${timeoutMs}`);
  const history = { turns: options.historyTurns ?? 10, chars: options.historyChars ?? 8000 };
  if (!(Number.isInteger(history.turns) && history.turns >= 0)) throw new RangeError(`openAiResponder: historyTurns must be a whole number >= 0, got ${history.turns}`);
  if (!(Number.isInteger(history.chars) && history.chars >= 0)) throw new RangeError(`openAiResponder: historyChars must be a whole number >= 0, got ${history.chars}`);
  const tools = options.tools ?? [];
  checkTools(tools);
  const maxToolRounds = options.maxToolRounds ?? 3;
  if (!(Number.isInteger(maxToolRounds) && maxToolRounds >= 0)) throw new RangeError(`openAiResponder: maxToolRounds must be a whole number >= 0, got ${maxToolRounds}`);
  const maxProducts = options.maxProducts ?? 4;
  if (!(Number.isInteger(maxProducts) && maxProducts > 0)) throw new RangeError(`openAiResponder: maxProducts must be a positive integer, got ${maxProducts}`);
  const doFetch = options.fetch ?? globalThis.fetch;
  const name = 'the language model';
  const provider = `openai:${options.model}`;

  /** One streamed model turn: its text goes to the shopper as it comes, its tool calls are returned. */
  async function* turn(messages: ApiMessage[], toolChoice: 'auto' | 'none' | undefined, ctx: RespondContext, lead: string): AsyncGenerator<string, { text: string; calls: ToolCall[] }> {
    const deadline = AbortSignal.timeout(timeoutMs);
    const body: Record<string, unknown> = { ...options.body, model: options.model, stream: true, messages };
    if (tools.length > 0) Object.assign(body, { tools: toolDefinitions(tools), tool_choice: toolChoice ?? 'auto' });
    let reply: Response;
    try {
      reply = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
        },
        body: JSON.stringify(body),
        // The deadline covers the wait for headers only: a long answer that keeps streaming is fine.
        signal: AbortSignal.any([ctx.signal, deadline]),
      });
    } catch (error) {
      throw fetchFailure(name, error, ctx.signal, deadline);
    }
    if (!reply.ok || reply.body === null) {
      await reply.body?.cancel();
      throw upstreamFailure(name, reply.status, reply.headers.get('retry-after'));
    }
    const calls = new ToolCallAssembler();
    let text = '';
    try {
      for await (const data of sseData(reply.body)) {
        if (data === '[DONE]') break;
        const delta = deltaOf(data);
        if (delta?.toolCalls !== undefined) calls.add(delta.toolCalls);
        if (delta?.content) {
          // Text of an earlier turn ("Let me look...") stays; the next turn's starts a paragraph.
          yield text === '' ? lead + delta.content : delta.content;
          text += delta.content;
        }
      }
    } catch (error) {
      if (error instanceof ProtocolFailure || error instanceof UpstreamRefused) throw error;
      throw fetchFailure(name, error, ctx.signal, new AbortController().signal);
    }
    return { text, calls: calls.done() };
  }

  return async function* respond(message, ctx) {
    const messages: ApiMessage[] = messagesFor(responderText(message), ctx, options.systemPrompt ?? DEFAULT_PROMPT, history);
    const blocks: Block[] = [];
    let lead = '';
    for (let round = 0; ; round++) {
      // After the last allowed tool round the model must answer in words.
      const { text, calls } = yield* turn(messages, round >= maxToolRounds ? 'none' : undefined, ctx, lead);
      if (text !== '') lead = '\n\n';
      if (calls.length === 0 || tools.length === 0 || round >= maxToolRounds || ctx.signal.aborted) break;
      messages.push({ role: 'assistant', content: text === '' ? null : text, tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) });
      messages.push(...await runToolCalls(calls, tools, ctx, blocks));
    }
    if (!ctx.signal.aborted) yield* mergeBlocks(blocks, maxProducts);
    return { provider };
  };
}

/**
 * The system prompt, what composing responders know (catalog results), the page context, the
 * recent exchanges, the question (for a face analysis, the attributes as a sentence).
 */
function messagesFor(text: string, ctx: RespondContext, systemPrompt: string, history: { turns: number; chars: number }): ApiMessage[] {
  const messages: ApiMessage[] = [{ role: 'system', content: systemPrompt }];
  if (ctx.knowledge && ctx.knowledge.length > 0) messages.push({ role: 'system', content: `Context:\n${ctx.knowledge.join('\n')}` });
  if (Object.keys(ctx.context).length > 0) messages.push({ role: 'system', content: `The shopper's page: ${JSON.stringify(ctx.context)}` });
  for (const turn of recentWithin(ctx.turns ?? [], history.turns, history.chars)) {
    messages.push({ role: turn.role === 'shopper' ? 'user' : 'assistant', content: turn.text });
  }
  messages.push({ role: 'user', content: text });
  return messages;
}

/**
 * One chunk's text and tool-call fragments; an `error` object mid-stream (some gateways send one)
 * ends the answer as `unavailable`.
 */
function deltaOf(data: string): { content?: string; toolCalls?: unknown } | undefined {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    throw new ProtocolFailure('unavailable', 'the language model sent a malformed stream');
  }
  if (typeof chunk !== 'object' || chunk === null) return undefined;
  if ('error' in chunk) throw new ProtocolFailure('unavailable', 'the language model failed while answering');
  const choice = (chunk as { choices?: { delta?: { content?: unknown; tool_calls?: unknown } }[] }).choices?.[0];
  const delta = choice?.delta;
  if (typeof delta !== 'object' || delta === null) return undefined;
  return { ...(typeof delta.content === 'string' ? { content: delta.content } : {}), ...(delta.tool_calls === undefined ? {} : { toolCalls: delta.tool_calls }) };
}
