import type { ProductItem } from '../protocol/index.js';
import type { HandoffMode, HandoffState, ShopperPresence } from '../protocol/handoff.js';
import type { ConnectionProblem, ConnectionStatus } from '../util/connection-status.js';
import type { ConversationSnapshot } from '../conversation/conversation.js';
import type { UiStrings } from './i18n/strings.js';

/** Everything the UI renders, as one immutable value. */
export interface WidgetSnapshot {
  status: ConnectionStatus;
  /** Why the server cannot be used (never reached, or this page's origin refused); undefined when connected. */
  connectionProblem?: ConnectionProblem;
  isOpen: boolean;
  /** Responses that arrived while the panel was closed. */
  unread: number;
  /** Messages travel over the HTTP fallback while Socket.IO cannot connect. */
  fallback: boolean;
  /** Storage is missing or failing: this conversation will not survive a reload. */
  unsaved: boolean;
  conversation: ConversationSnapshot;
  /** Set once the server spoke the hand-off extension: who answers now, and who is typing. */
  handoff?: HandoffView;
}

export interface HandoffView {
  mode: HandoffMode;
  /** An operator's name while they type. */
  typist?: string;
  /** Draws the hand-off's part of the panel into `slot` (its styles into the slot's shadow root); returns the undo. Stable. */
  mount(slot: HTMLElement): () => void;
}

/** Where asking for a person, or leaving an email, stands on this page. */
export type HandoffSendState = 'idle' | 'queued' | 'sending' | 'failed';

/** What the hand-off bar draws (the hand-off session's state, read by the bar in the panel). */
export interface HandoffSnapshot {
  presence?: ShopperPresence;
  state?: HandoffState;
  request: HandoffSendState;
  /** 'invalid' for an address the widget or the server refused; 'sent' once the server took it. */
  contact: HandoffSendState | 'invalid' | 'sent';
  /** The conversation came back from the people to the assistant on this page. */
  handedBack: boolean;
  /** The operator typing now. */
  typist?: string;
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
  /**
   * Asks the server to stop the answer being written; absent when the backend has no way to be
   * asked (legacy, mapped and HTTP-only backends know no `chat-cancel`), so no stop button shows.
   */
  stop?(): void;
  retry(messageId: string): void;
  productClick(product: ProductItem, responseId: string): void;
  /**
   * Whether something can put a product in the store's cart (the `addToCart` option or an
   * `add-to-cart` listener); without it a card offers the product page instead.
   */
  canAddToCart(): boolean;
  /**
   * Resolves when the store's cart took the product, or with 'unconfirmed' when the product went
   * to listeners that gave nothing to wait for; rejects with the reason to show.
   */
  addToCart(product: ProductItem, responseId: string): Promise<void | 'unconfirmed'>;
  quickReply(option: { label: string; value: string }): void;
  /** Returns focus to the launcher, as a dialog does to the button that opened it. */
  focusLauncher(): void;
  /** Face analysis ("find my fit"); present only when the merchant enabled it. */
  face?: FaceFeature;
}

/** What the lazily loaded panel module exports. */
export interface PanelModule {
  /** Renders the panel into `slot` and adds its stylesheet to `shadow`; returns the undo. */
  mountPanel(slot: HTMLElement, shadow: ShadowRoot, controller: UiController, nonce?: string): () => void;
}

export type PanelLoader = () => Promise<PanelModule>;

/** The face feature as the panel sees it. Nothing of it is loaded until `load()`. */
export interface FaceFeature {
  /** Loads the face chunk once, after the shopper consented; later calls return the same runtime. */
  load(): Promise<FaceRuntime>;
}

/** Where the shopper chose to start: the camera, or a photo they picked. */
export type FaceStart = { kind: 'camera' } | { kind: 'photo'; file: Blob };

export interface FaceViewOptions {
  start: FaceStart;
  /** Picks the built-in string table (the merchant's `face.strings` override it). */
  language: string;
  /** The shopper left the flow (back to the chat, or done). */
  onExit(): void;
}

/** What the face chunk makes once per widget: the detector and camera flow behind one object. */
export interface FaceRuntime {
  /** Renders the flow into `slot` (its stylesheet into `shadow`); the undo stops the camera. */
  mount(slot: HTMLElement, shadow: ShadowRoot, view: FaceViewOptions): () => void;
  /** Closes the detector and stops any camera; the widget calls it on `destroy()`. */
  destroy(): void;
}
