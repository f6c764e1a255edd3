import type { ChatResponse, FaceAttributes, ProductItem } from '../protocol/index.js';
import type { HandoffState, ShopperPresence } from '../protocol/handoff.js';
import type { ConnectionStatus } from '../util/connection-status.js';
import type { DeliveryState } from '../delivery/outbox.js';
import type { WidgetError } from '../util/errors.js';

export interface MessageEvent {
  id: string;
  text: string;
  state: DeliveryState;
  error?: WidgetError;
}

export interface ProductEvent {
  product: ProductItem;
  /** The response whose card was used. */
  responseId: string;
}

export interface AddToCartEvent extends ProductEvent {
  variantId: string | undefined;
  quantity: number;
}

/** Events of `widget.on(event, listener)`. */
export interface WidgetEvents {
  /** The widget is mounted and rendered (it may still be connecting). */
  ready: () => void;
  status: (status: ConnectionStatus) => void;
  /** A shopper message changed delivery state. */
  message: (event: MessageEvent) => void;
  /** A complete assistant response, shown once whatever the network did. */
  response: (response: ChatResponse) => void;
  error: (error: WidgetError) => void;
  open: () => void;
  close: () => void;
  'product-click': (event: ProductEvent) => void;
  /**
   * A card's "Add to cart" was pressed. A listener that returns a promise is taken as the store's
   * cart call: the button waits for it, then says "Added to cart" or shows the rejection's message.
   */
  'add-to-cart': (event: AddToCartEvent) => unknown;
  'quick-reply': (option: { label: string; value: string }) => void;
  'face-analysis': (attributes: FaceAttributes) => void;
  /** Where the conversation stands with the store's staff: asked for, waiting, taken by a person, handed back. */
  handoff: (state: HandoffState) => void;
  /** Whether a person can answer now (sent by a server with the hand-off extension, before the shopper asks). */
  presence: (presence: ShopperPresence) => void;
}
