import { createContext, createElement, forwardRef, useContext, useImperativeHandle, useMemo, useSyncExternalStore } from 'react';
import type { AIDiscoveryWidget as Core, ChatContext, ConnectionStatus, SendResult } from '../../../src/index';
import type { AIDiscoveryWidgetProps } from './options';
import { useWidget } from './use-widget';

/** The widget's imperative API, from a ref on `<AIDiscoveryWidget>` or from `useAIDiscovery()`. */
export interface AIDiscoveryHandle {
  open(): void;
  close(): void;
  toggle(): void;
  /** Resolves on the server's acknowledgement; throws before the widget has mounted (see `onReady`). */
  send(text: string): Promise<SendResult>;
  /** Merges into the context sent to the server; props' `context` keeps its own keys current. */
  setContext(context: ChatContext): void;
  reconnect(): void;
  readonly status: ConnectionStatus;
  readonly isOpen: boolean;
  /** The core widget, for everything else (`on`, `sessionId`, `getSnapshot`). It changes on a remount. */
  readonly widget: Core;
}

/** What `useAIDiscovery()` returns: the handle, with state that re-renders the caller when it changes. */
export interface AIDiscoveryState extends AIDiscoveryHandle {
  /** Answers that arrived while the panel was closed. */
  readonly unread: number;
}

const WidgetContext = createContext<Core | null>(null);

function handleFor(widget: Core): AIDiscoveryHandle {
  return {
    open: () => widget.open(),
    close: () => widget.close(),
    toggle: () => widget.toggle(),
    send: (text) => widget.send(text),
    setContext: (context) => widget.setContext(context),
    reconnect: () => widget.reconnect(),
    get status() {
      return widget.status;
    },
    get isOpen() {
      return widget.isOpen;
    },
    widget,
  };
}

/**
 * The shopping assistant for a React app. It renders nothing of its own in the React tree (the
 * widget lives in a shadow root on `document.body`), only its children, so server and client
 * render the same markup. It mounts after hydration and is destroyed on unmount.
 *
 * @example
 * <AIDiscoveryWidget socketUrl="https://chat.example.com" context={{ platform: 'shopify', product: { id } }}
 *   addToCart={({ variantId, quantity }) => cart.linesAdd([{ merchandiseId: variantId, quantity }])}
 *   onResponse={(r) => analytics.track('assistant_answer', { id: r.id })}>
 *   <ProductPage />
 * </AIDiscoveryWidget>
 */
export const AIDiscoveryWidget = forwardRef<AIDiscoveryHandle, AIDiscoveryWidgetProps>(function AIDiscoveryWidget(props, ref) {
  const widget = useWidget(props);
  useImperativeHandle(ref, () => handleFor(widget), [widget]);
  return createElement(WidgetContext.Provider, { value: widget }, props.children);
});

/**
 * The widget of the nearest `<AIDiscoveryWidget>` above: its imperative API plus its status, open
 * state and unread count, which re-render the caller when they change.
 *
 * @example
 * function AskButton() {
 *   const chat = useAIDiscovery();
 *   return <button disabled={chat.status !== 'connected'} onClick={() => { chat.open(); void chat.send('Does this come in blue?'); }}>Ask</button>;
 * }
 */
export function useAIDiscovery(): AIDiscoveryState {
  const widget = useContext(WidgetContext);
  if (!widget) {
    throw new Error('useAIDiscovery() must be called inside <AIDiscoveryWidget>…</AIDiscoveryWidget>; elsewhere, pass a ref to <AIDiscoveryWidget ref={…}>');
  }
  // Primitive selections: a streaming answer changes the snapshot many times a second, these rarely.
  const status = useSyncExternalStore(widget.subscribe, () => widget.getSnapshot().status, () => widget.getSnapshot().status);
  const isOpen = useSyncExternalStore(widget.subscribe, () => widget.getSnapshot().isOpen, () => widget.getSnapshot().isOpen);
  const unread = useSyncExternalStore(widget.subscribe, () => widget.getSnapshot().unread, () => widget.getSnapshot().unread);
  return useMemo(() => {
    const handle = handleFor(widget);
    return { open: handle.open, close: handle.close, toggle: handle.toggle, send: handle.send, setContext: handle.setContext, reconnect: handle.reconnect, widget, status, isOpen, unread };
  }, [widget, status, isOpen, unread]);
}
