export { AIDiscoveryWidget } from './widget/widget.js';
export type { WidgetEvents, MessageEvent, ProductEvent, AddToCartEvent } from './widget/events.js';
export type { WidgetOptions } from './widget/options.js';
export type { FaceOptions } from './widget/face-options.js';
export type { EventMapping, MappedEvent } from './widget/event-mapping.js';
export type { ConnectionProblem, ConnectionStatus } from './util/connection-status.js';
export type { ConnectionOptions, SocketFactory, ChatSocket } from './connection/connection-manager.js';
export type { BackoffOptions } from './connection/backoff.js';
export type { DeliveryState, SendResult } from './delivery/outbox.js';
export type { ConversationEntry, ConversationSnapshot, ShopperEntry, AssistantEntry } from './conversation/conversation.js';
export type { WidgetSnapshot, PanelModule, PanelLoader } from './ui/types.js';
export type { FaceModule, FaceLoader } from './widget/face-host.js';
export type { UiStrings, FaceStrings } from './ui/i18n/strings.js';
export type { KeyValueStorage, StorageChoice } from './storage/key-value.js';
export type { Environment, Timers, NetworkMonitor } from './util/environment.js';
export { WidgetError, type WidgetErrorCode } from './util/errors.js';
export type {
  ChatContext, ChatResponse, Block, ProductItem, ProductsBlock, QuickRepliesBlock, ImageBlock, ActionsBlock,
  ActionItem, Money, ErrorCode, ProtocolError, FaceAttributes,
} from './protocol/index.js';
