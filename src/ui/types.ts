import type { ProductItem } from '../protocol';
import type { ConnectionStatus } from '../connection/status';
import type { ConversationSnapshot } from '../conversation/conversation';
import type { UiStrings } from './i18n/strings';

/** Everything the UI renders, as one immutable value. */
export interface WidgetSnapshot {
  status: ConnectionStatus;
  isOpen: boolean;
  /** Responses that arrived while the panel was closed. */
  unread: number;
  /** Messages travel over the HTTP fallback while Socket.IO cannot connect. */
  fallback: boolean;
  /** Storage is missing or failing: this conversation will not survive a reload. */
  unsaved: boolean;
  conversation: ConversationSnapshot;
}

/** What the UI may read and do; the widget implements it, so the UI never sees the socket. */
export interface UiController {
  /** BCP 47 tag for Intl formatting. */
  readonly locale: string;
  /** Picks the built-in string table. */
  readonly language: string;
  readonly dir: 'ltr' | 'rtl';
  /** The merchant's replacements for built-in text. */
  readonly strings: Partial<UiStrings>;
  readonly maxMessageLength: number;
  subscribe(listener: () => void): () => void;
  getSnapshot(): WidgetSnapshot;
  open(): void;
  close(): void;
  toggle(): void;
  reconnect(): void;
  send(text: string): void;
  /** Asks the server to stop the answer being written. */
  stop(): void;
  retry(messageId: string): void;
  productClick(product: ProductItem, responseId: string): void;
  /** Resolves when the store's cart took the product; rejects with the reason to show. */
  addToCart(product: ProductItem, responseId: string): Promise<void>;
  quickReply(option: { label: string; value: string }): void;
  /** Returns focus to the launcher, as a dialog does to the button that opened it. */
  focusLauncher(): void;
}

/** What the lazily loaded panel module exports. */
export interface PanelModule {
  /** Renders the panel into `slot` and adds its stylesheet to `shadow`; returns the undo. */
  mountPanel(slot: HTMLElement, shadow: ShadowRoot, controller: UiController, nonce?: string): () => void;
}

export type PanelLoader = () => Promise<PanelModule>;
