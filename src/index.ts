export { AIDiscoveryWidget } from './widget/widget';
export type { WidgetEvents, MessageEvent, ProductEvent, AddToCartEvent } from './widget/events';
export type { WidgetOptions, FaceOptions } from './widget/options';
export type { ConnectionStatus } from './connection/status';
export type { ConnectionOptions, SocketFactory, ChatSocket } from './connection/connection-manager';
export type { BackoffOptions } from './connection/backoff';
export type { DeliveryState, SendResult } from './delivery/outbox';
export type { ConversationEntry, ConversationSnapshot, ShopperEntry, AssistantEntry } from './conversation/conversation';
export type { WidgetSnapshot, PanelModule, PanelLoader, FaceModule, FaceLoader } from './ui/types';
export type { UiStrings, FaceStrings } from './ui/i18n/strings';
export type { KeyValueStorage, StorageChoice } from './storage/key-value';
export type { Environment, Timers, NetworkMonitor } from './util/environment';
export { WidgetError, type WidgetErrorCode } from './util/errors';
export type {
  ChatContext, ChatResponse, Block, ProductItem, ProductsBlock, QuickRepliesBlock, ImageBlock, ActionsBlock,
  ActionItem, Money, ErrorCode, ProtocolError, FaceAttributes,
} from './protocol/types';
