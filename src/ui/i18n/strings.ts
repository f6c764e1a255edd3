/** Every piece of text the widget shows. Override any of them with the `strings` option. */
export interface UiStrings {
  title: string;
  subtitle: string;
  openChat: string;
  closeChat: string;
  greeting: string;
  /** Prompts offered while the conversation is empty. */
  suggestions: string[];
  placeholder: string;
  send: string;
  stop: string;
  messageLabel: string;
  conversation: string;
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
  /** The add-to-cart button while the store's cart call runs, and after it worked. */
  adding: string;
  added: string;
  /** Shown when the store's cart call failed without a message of its own. */
  addFailed: string;
  outOfStock: string;
  products: string;
  previous: string;
  next: string;
  responseFailed: string;
  /** Under half an answer whose server went away mid-stream. */
  interrupted: string;
  stopped: string;
  signIn: string;
  newMessages: string;
  unread: string;
  you: string;
  assistant: string;
  storageUnavailable: string;
}

export const EN: UiStrings = {
  title: 'Shopping assistant',
  subtitle: 'Ask for products, sizes or styles',
  openChat: 'Open shopping assistant',
  closeChat: 'Close shopping assistant',
  greeting: 'Hi! Tell me what you are looking for and I will find it in the store.',
  suggestions: ['Blue light glasses', 'Running shoes under $100', 'A lipstick for light skin'],
  placeholder: 'Ask about products…',
  send: 'Send',
  stop: 'Stop',
  messageLabel: 'Message',
  conversation: 'Conversation',
  typing: 'Assistant is typing…',
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
  adding: 'Adding…',
  added: 'Added to cart',
  addFailed: 'Could not add this to the cart.',
  outOfStock: 'Out of stock',
  products: 'Products',
  previous: 'Previous',
  next: 'Next',
  responseFailed: 'The assistant could not answer. Please try again.',
  interrupted: 'The answer was cut off. It may still arrive; if not, please ask again.',
  stopped: 'Stopped',
  signIn: 'Sign in',
  newMessages: 'New messages',
  unread: 'unread messages',
  you: 'You',
  assistant: 'Assistant',
  storageUnavailable: 'This conversation cannot be saved on this device.',
};
