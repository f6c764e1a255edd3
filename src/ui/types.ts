import type { ProductItem } from '../protocol';
import type { ConnectionStatus } from '../connection/status';
import type { ConversationSnapshot } from '../conversation/conversation';
import type { UiStrings } from './strings';

/** Everything the UI renders, as one immutable value. */
export interface WidgetSnapshot {
  status: ConnectionStatus;
  isOpen: boolean;
  /** Responses that arrived while the panel was closed. */
  unread: number;
  conversation: ConversationSnapshot;
}

/** What the UI may read and do; the widget implements it, so the UI never sees the socket. */
export interface UiController {
  readonly strings: UiStrings;
  readonly maxMessageLength: number;
  subscribe(listener: () => void): () => void;
  getSnapshot(): WidgetSnapshot;
  open(): void;
  close(): void;
  toggle(): void;
  reconnect(): void;
  send(text: string): void;
  retry(messageId: string): void;
  productClick(product: ProductItem, responseId: string): void;
  addToCart(product: ProductItem, responseId: string): void;
  quickReply(option: { label: string; value: string }): void;
}
