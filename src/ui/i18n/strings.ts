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
  /** Retrying a chat server that has not answered since the page loaded. */
  unreachable: string;
  /** The chat server refuses this site (its allowed origins): nothing the shopper can do. */
  originRefused: string;
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
  /** A card's link to the product page, in place of "Add to cart" when nothing on the page can fill the cart. */
  viewProduct: string;
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
  /** Face analysis entry and consent step (shown only when `face.enabled`). */
  findMyFit: string;
  faceConsentTitle: string;
  faceConsentText: string;
  faceConsentPrivacy: string;
  faceUseCamera: string;
  faceUploadPhoto: string;
  faceNotNow: string;
  faceLoading: string;
  faceLoadFailed: string;
  /** An operator (a person from the store) typing; `{name}` is filled in. */
  personTyping: string;
}

/**
 * Text of talking to a person (the hand-off). It comes with the hand-off chunk, loaded only when the
 * chat server has the extension. `{wait}` and `{name}` are filled in.
 */
export interface HandoffStrings {
  talkToPerson: string;
  available: string;
  unavailable: string;
  requestQueued: string;
  requesting: string;
  requestFailed: string;
  waiting: string;
  /** After `waiting` when the server gave an estimate: "Expected wait: {wait}." */
  expectedWait: string;
  underMinute: string;
  /** Outside opening hours, or nobody online: the ask for an email. */
  askContact: string;
  emailLabel: string;
  emailSend: string;
  emailInvalid: string;
  emailFailed: string;
  emailSending: string;
  contactLeft: string;
  withOperator: string;
  backToAssistant: string;
  /** In the tab title: "(1) New message · Store". */
  newMessage: string;
}

/**
 * Text of the camera and photo steps of face analysis. They come with the face chunk (so every
 * other shopper is spared them); replace any of them with the `face.strings` option.
 * `{directive}` and `{n}` are filled in.
 */
export interface FaceStrings {
  back: string;
  preparing: string;
  startingCamera: string;
  cameraLabel: string;
  capture: string;
  usePhoto: string;
  useCamera: string;
  analysing: string;
  sending: string;
  /** Live guidance, one per quality issue, and the line shown when the picture can be taken. */
  noFace: string;
  severalFaces: string;
  tooFar: string;
  tooClose: string;
  offCentre: string;
  tooDark: string;
  tooBright: string;
  ready: string;
  resultTitle: string;
  faceShape: string;
  skinTone: string;
  shapeNames: Record<'oval' | 'round' | 'square' | 'heart' | 'oblong' | 'diamond', string>;
  toneNames: Record<'very-light' | 'light' | 'intermediate' | 'tan' | 'brown' | 'dark', string>;
  /** After the tone's name: "Monk scale {n} of 10". */
  monk: string;
  notAnalysed: string;
  lowLight: string;
  sent: string;
  showSuggestions: string;
  tryAgain: string;
  inconclusive: string;
  photoUnclear: string;
  photoPoorLight: string;
  cameraDenied: string;
  noCamera: string;
  cameraBusy: string;
  noWebAssembly: string;
  cspBlocked: string;
  runtimeFailed: string;
  modelFailed: string;
  notConfigured: string;
  badPhoto: string;
  offline: string;
  sendFailed: string;
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
  unreachable: 'Cannot reach the assistant. Trying again…',
  originRefused: 'The assistant is not available on this site yet.',
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
  viewProduct: 'View product',
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
  findMyFit: 'Find my fit',
  faceConsentTitle: 'Find what suits your face',
  faceConsentText: 'I can suggest frames and shades from your face shape and skin tone, using your camera or a photo.',
  faceConsentPrivacy: 'The picture is analysed on this device and never leaves it. Only the results (face shape and skin tone range) are sent to the assistant, and nothing is stored.',
  faceUseCamera: 'Use my camera',
  faceUploadPhoto: 'Upload a photo',
  faceNotNow: 'Not now',
  faceLoading: 'Loading face analysis…',
  faceLoadFailed: 'Face analysis could not be loaded. Check your connection and try again.',
  personTyping: '{name} is typing…',
};
