import type { ConversationSummary, TranscriptEntry } from '../../src/protocol/handoff';
import type { ProductItem } from '../../src/protocol/types';

/** Conversations and products for the inbox tests: plausible, so the screenshots read like a shop. */

export const T0 = Date.UTC(2026, 11, 7, 9, 0);

export function summary(sessionId: string, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return { sessionId, mode: 'assistant', lastAt: T0, preview: '', unread: 0, shopperSeenSeq: 0, context: {}, ...patch };
}

export const FRAMES: ProductItem[] = [
  { id: 'ew07', title: 'Harlow Round Frames', url: 'https://shop.example/products/harlow', price: { amount: 110, currency: 'USD' }, image: { url: '/img/ew07.svg', alt: 'Round frames' } },
  { id: 'ew01', title: 'Clearview Blue Light Glasses', url: 'https://shop.example/products/clearview', price: { amount: 59, currency: 'USD' }, image: { url: '/img/ew01.svg' } },
  { id: 'ew05', title: 'Aviator Polarized Sunglasses', url: 'https://shop.example/products/aviator', price: { amount: 129, currency: 'USD' }, image: { url: '/img/ew05.svg' } },
];

/** A shopper who asked the assistant, saw cards, and asked for a person. */
export function history(sessionId: string): TranscriptEntry[] {
  return [
    { kind: 'shopper', id: 'm1', text: 'Do you have round frames for a small face?', at: T0 },
    {
      kind: 'assistant',
      response: {
        success: true, id: 'r1', seq: 1, sessionId, timestamp: T0 + 2000, replyTo: 'm1',
        response: 'Here are **two** that suit a small face:', blocks: [{ type: 'products', items: FRAMES.slice(0, 2) }],
      },
    },
    { kind: 'shopper', id: 'm2', text: 'Can I talk to a person about sizing?', at: T0 + 60_000 },
    { kind: 'event', at: T0 + 61_000, event: 'handoff', reason: 'phrase' },
  ];
}

export const CART_CONTEXT = {
  page: { url: 'https://shop.example/products/harlow', title: 'Harlow Round Frames' },
  locale: 'en-US',
  currency: 'USD',
  cart: { itemCount: 1, total: 59, items: [{ title: 'Clearview Blue Light Glasses', quantity: 1 }] },
};
