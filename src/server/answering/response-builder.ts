import type { HandoffBlock } from '../../protocol/handoff.js';
import type { Block, ProtocolLimits } from '../../protocol/index.js';

/**
 * Collects what a responder produces while keeping it inside the protocol's limits, so the widget
 * never has to refuse an answer this server sent: long deltas are split, text past
 * `maxResponseLength` is cut, lists are capped at `maxBlockItems`.
 */
export class ResponseBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private nextIndex = 0;
  readonly blocks: Block[] = [];
  /** Set by a `{ type: 'handoff' }` item: the responder hands the conversation to people. Never sent as a block. */
  handoff: { reason?: string } | undefined;

  constructor(private readonly limits: ProtocolLimits) {}

  get text(): string {
    return this.parts.join('');
  }

  /** True once the text reached `maxResponseLength`: nothing more can be added. */
  get full(): boolean {
    return this.length >= this.limits.maxResponseLength;
  }

  /** Adds text and returns the chunks to stream for it, with their indexes. */
  addText(text: string): { index: number; delta: string }[] {
    const room = this.limits.maxResponseLength - this.length;
    let rest = text.length > room ? cut(text, room) : text;
    const chunks: { index: number; delta: string }[] = [];
    while (rest.length > 0) {
      const delta = rest.length > this.limits.maxDeltaLength ? cut(rest, this.limits.maxDeltaLength) : rest;
      // A lone surrogate at the cut would leave nothing to send; stop rather than loop forever.
      if (delta.length === 0) break;
      chunks.push({ index: this.nextIndex++, delta });
      this.parts.push(delta);
      this.length += delta.length;
      rest = rest.slice(delta.length);
    }
    return chunks;
  }

  /** Adds a block; blocks past `maxBlockItems` are left out. */
  addBlock(block: Block | HandoffBlock): void {
    if (block.type === 'handoff') {
      this.handoff = typeof block.reason === 'string' ? { reason: block.reason.slice(0, 500) } : {};
      return;
    }
    if (this.blocks.length >= this.limits.maxBlockItems) return;
    this.blocks.push(capItems(block, this.limits.maxBlockItems));
  }
}

export function isBlock(value: unknown): value is Block | HandoffBlock {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function capItems(block: Block, max: number): Block {
  switch (block.type) {
    case 'products':
    case 'actions':
      return Array.isArray(block.items) && block.items.length > max ? { ...block, items: block.items.slice(0, max) } as Block : block;
    case 'quick-replies':
      return Array.isArray(block.options) && block.options.length > max ? { ...block, options: block.options.slice(0, max) } : block;
    default:
      return block;
  }
}

/** The first `max` UTF-16 units of `text`, one fewer if that would split a surrogate pair. */
function cut(text: string, max: number): string {
  if (max <= 0) return '';
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
