import { ProtocolFailure, type Block, type ProductItem } from '../../protocol/index.js';
import type { RespondContext } from '../answering/responder-types.js';

/**
 * A function the model may call through the chat completions tools API. The server runs it, hands
 * `content` back to the model as the tool's answer, and shows `blocks` to the shopper after the
 * model's text: that is how product cards come from the catalog, never from the model's words.
 */
export interface ResponderTool {
  /** What the model calls it: letters, digits, `_` and `-`, at most 64. */
  name: string;
  /** When to use it, for the model. */
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  /**
   * Runs one call. `args` is the model's JSON, parsed but untrusted: a prompt-injected model can
   * send anything, so the tool validates it (and may throw a `ToolInputError` whose message the
   * model is shown).
   */
  run(args: unknown, ctx: RespondContext): Promise<ToolResult> | ToolResult;
}

export interface ToolResult {
  /** What the model reads: short, factual, no secrets. */
  content: string;
  /** What the shopper sees after the answer. */
  blocks?: Block[];
}

/** A bad argument from the model: its message goes back to the model so it can correct itself. */
export class ToolInputError extends Error {
  readonly code = 'tool_input';
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Bounds on what one model turn may ask for, so a runaway or hostile stream cannot grow without end. */
const MAX_CALLS_PER_TURN = 4;
const MAX_ARGUMENT_CHARS = 4000;

export function checkTools(tools: readonly ResponderTool[]): void {
  const names = new Set<string>();
  for (const tool of tools) {
    if (!TOOL_NAME.test(tool.name)) throw new TypeError(`openAiResponder: tool name ${JSON.stringify(tool.name)} must be 1-64 letters, digits, _ or -`);
    if (names.has(tool.name)) throw new TypeError(`openAiResponder: two tools are named ${tool.name}`);
    if (typeof tool.run !== 'function') throw new TypeError(`openAiResponder: tool ${tool.name} needs a run(args, ctx) function`);
    names.add(tool.name);
  }
}

export function toolDefinitions(tools: readonly ResponderTool[]): unknown[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}

/**
 * Assembles streamed `delta.tool_calls` fragments. The API sends each call's `id` and name once
 * and its `arguments` as string pieces, all keyed by `index`, interleaved in any order.
 */
export class ToolCallAssembler {
  private readonly calls = new Map<number, ToolCall>();

  add(fragments: unknown): void {
    if (!Array.isArray(fragments)) return;
    for (const fragment of fragments as unknown[]) {
      if (typeof fragment !== 'object' || fragment === null) continue;
      const { index, id, function: fn } = fragment as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } };
      if (!(Number.isInteger(index) && (index as number) >= 0)) continue;
      let call = this.calls.get(index as number);
      if (!call) {
        if (this.calls.size >= MAX_CALLS_PER_TURN) throw new ProtocolFailure('unavailable', 'the language model asked for too many tool calls at once');
        call = { id: '', name: '', arguments: '' };
        this.calls.set(index as number, call);
      }
      if (typeof id === 'string' && id !== '') call.id = id.slice(0, 100);
      if (typeof fn?.name === 'string') call.name = (call.name + fn.name).slice(0, 64);
      if (typeof fn?.arguments === 'string') {
        call.arguments += fn.arguments;
        if (call.arguments.length > MAX_ARGUMENT_CHARS) throw new ProtocolFailure('unavailable', 'the language model sent tool arguments that are too long');
      }
    }
  }

  /** The complete calls in index order; each gets an id if the API left it out. */
  done(): ToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
  }
}

/**
 * Runs the calls of one model turn one after the other (a tool may be a catalog search: no need to
 * race them) and returns the messages that tell the model their results.
 */
export async function runToolCalls(calls: readonly ToolCall[], tools: readonly ResponderTool[], ctx: RespondContext, blocks: Block[]): Promise<{ role: 'tool'; tool_call_id: string; content: string }[]> {
  const answers: { role: 'tool'; tool_call_id: string; content: string }[] = [];
  for (const call of calls) {
    if (ctx.signal.aborted) break;
    answers.push({ role: 'tool', tool_call_id: call.id, content: await runOne(call, tools, ctx, blocks) });
  }
  return answers;
}

async function runOne(call: ToolCall, tools: readonly ResponderTool[], ctx: RespondContext, blocks: Block[]): Promise<string> {
  const tool = tools.find((t) => t.name === call.name);
  if (!tool) return `Error: there is no tool named ${JSON.stringify(call.name)}. Available: ${tools.map((t) => t.name).join(', ')}.`;
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    return 'Error: the arguments were not valid JSON. Call the tool again with a JSON object.';
  }
  try {
    const result = await tool.run(args, ctx);
    if (result.blocks) blocks.push(...result.blocks);
    return result.content;
  } catch (error) {
    // The model may fix a bad argument; anything else is the server's failure, not the model's to see.
    if (error instanceof ToolInputError) return `Error: ${error.message}`;
    throw error;
  }
}

/**
 * The blocks the tools produced, as the shopper should see them: all product cards in one
 * `products` block (first mention first, each product once, at most `maxProducts`), then the rest.
 */
export function mergeBlocks(blocks: readonly Block[], maxProducts: number): Block[] {
  const items: ProductItem[] = [];
  const seen = new Set<string>();
  const others: Block[] = [];
  for (const block of blocks) {
    if (block.type !== 'products') {
      others.push(block);
      continue;
    }
    for (const item of block.items) {
      const key = `${item.id}\u0000${item.variantId ?? ''}`;
      if (seen.has(key) || items.length >= maxProducts) continue;
      seen.add(key);
      items.push(item);
    }
  }
  return items.length > 0 ? [{ type: 'products', items }, ...others] : others;
}
