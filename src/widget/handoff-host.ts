import type { ChatSocket, ConnectionManager } from '../connection/connection-manager.js';
import type { ResolvedLocale } from '../ui/i18n/locale.js';
import type { WidgetSnapshot } from '../ui/types.js';
import type { Emitter } from '../util/emitter.js';
import type { Environment } from '../util/environment.js';
import type { WidgetError } from '../util/errors.js';
import type { WidgetEvents } from './events.js';

// The contract between the widget and the hand-off chunk, which is loaded only once the server has
// said it speaks the hand-off extension (its first `presence` or `handoff-state`).

/**
 * What the widget hands the chunk: its own parts as they are, so the core spends next to nothing
 * on the extension (its size budget is tight); the chunk makes a `HandoffHost` of them.
 */
export interface HandoffCore {
  widget: { subscribe(listener: () => void): () => void; getSnapshot(): WidgetSnapshot };
  events: Emitter<WidgetEvents>;
  connection: ConnectionManager;
  env: Environment;
  doc: Document;
  locale: ResolvedLocale;
  /** The widget's options that concern the hand-off (WidgetOptions has them; named here to keep the import one way). */
  options: { nonce?: string; ackTimeoutMs?: number; handoffButton?: boolean; loadHandoff?: HandoffLoader };
  sessionId(): string;
  publish(handoff: NonNullable<WidgetSnapshot['handoff']>): void;
}

/** What the hand-off chunk works with. */
export interface HandoffHost {
  env: Environment;
  doc: Document;
  /** Picks the built-in string table. */
  language: string;
  /** For the `<style>` fallback where constructable stylesheets are missing. */
  nonce: string | undefined;
  ackTimeoutMs: number;
  /** Whether to offer "Talk to a person" (the `handoffButton` option). */
  button: boolean;
  sessionId(): string;
  /** The live socket, when there is one. */
  socket(): ChatSocket | undefined;
  /** Calls `listener` on every (re)connection; returns the undo. */
  onConnect(listener: () => void): () => void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): WidgetSnapshot;
  /** Sets the snapshot's `handoff` part, which the panel reads. */
  publish(view: NonNullable<WidgetSnapshot['handoff']>): void;
  on<E extends 'response' | 'open'>(event: E, listener: WidgetEvents[E]): () => void;
  emit<E extends 'handoff' | 'presence'>(event: E, ...args: Parameters<WidgetEvents[E]>): void;
  error(error: WidgetError): void;
}

/** What the hand-off chunk makes once per widget. */
export interface HandoffRuntime {
  /** A server event, unread: validated here. */
  feed(event: 'presence' | 'handoff-state', raw: unknown): void;
  /** Restores the tab title and removes every listener and timer. */
  destroy(): void;
}

export interface HandoffModule {
  createHandoff(core: HandoffCore): HandoffRuntime;
}

export type HandoffLoader = () => Promise<HandoffModule>;
