/** Every piece of text the widget shows. Override any of them with the `strings` option. */
export interface UiStrings {
  title: string;
  subtitle: string;
  openChat: string;
  closeChat: string;
  greeting: string;
  placeholder: string;
  send: string;
  messageLabel: string;
  typing: string;
  connecting: string;
  reconnecting: string;
  offline: string;
  failed: string;
  retryConnection: string;
  queued: string;
  sending: string;
  sent: string;
  failedMessage: string;
  retryMessage: string;
  addToCart: string;
  outOfStock: string;
  viewProduct: string;
  responseFailed: string;
  unread: string;
  you: string;
  assistant: string;
}

export const DEFAULT_STRINGS: Readonly<UiStrings> = Object.freeze({
  title: 'Shopping assistant',
  subtitle: 'Ask for products, sizes or styles',
  openChat: 'Open shopping assistant',
  closeChat: 'Close shopping assistant',
  greeting: 'Hi! Tell me what you are looking for and I will find it in the store.',
  placeholder: 'Ask about products…',
  send: 'Send',
  messageLabel: 'Message',
  typing: 'Assistant is typing',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Messages will be sent when you are back online.',
  failed: 'Could not reach the assistant.',
  retryConnection: 'Try again',
  queued: 'Waiting to send',
  sending: 'Sending…',
  sent: 'Sent',
  failedMessage: 'Not sent',
  retryMessage: 'Retry',
  addToCart: 'Add to cart',
  outOfStock: 'Out of stock',
  viewProduct: 'View product',
  responseFailed: 'The assistant could not answer. Please try again.',
  unread: 'unread messages',
  you: 'You',
  assistant: 'Assistant',
});
