import { h, render } from 'preact';
import { HANDOFF_CSS, HandoffBar } from '../ui/panel/handoff-bar.js';
import { handoffStrings } from '../ui/panel/handoff-strings.js';
import { adoptCss } from '../ui/stylesheet.js';
import { HandoffAttention } from './handoff-attention.js';
import type { HandoffCore, HandoffHost, HandoffRuntime } from './handoff-host.js';
import { HandoffSession } from './handoff-session.js';
import { ShopperTyping } from './handoff-typing.js';

/**
 * The hand-off chunk's entry: the session (server events, requests), the attention (seen, tab
 * title) and the bar drawn in the panel. The widget imports it when the server first speaks the
 * extension.
 */
export function createHandoff(core: HandoffCore): HandoffRuntime {
  const host = hostOf(core);
  let live = true;
  const strings = handoffStrings(host.language);
  const session = new HandoffSession(host);
  const attention = new HandoffAttention(host, () => strings.newMessage);
  const typing = new ShopperTyping(host, () => (session.current.state?.mode ?? 'assistant') !== 'assistant');
  const mounted = new Set<() => void>();
  // The panel draws the bar through this; it stays the same function, so the panel mounts it once.
  const mount = (slot: HTMLElement) => {
    const shadow = slot.getRootNode();
    const removeCss = shadow instanceof ShadowRoot ? adoptCss(shadow, HANDOFF_CSS, host.nonce) : () => {};
    const unwatch = typing.watch(shadow);
    render(
      h(HandoffBar, {
        strings,
        language: host.language,
        button: host.button,
        subscribe: session.subscribe,
        getSnapshot: () => session.current,
        request: () => session.request(),
        leaveContact: (email) => session.leaveContact(email),
      }),
      slot,
    );
    const undo = () => {
      if (!mounted.delete(undo)) return;
      render(null, slot);
      removeCss();
      unwatch();
    };
    mounted.add(undo);
    return undo;
  };
  // What the panel reads: who answers, who types, and how to draw the bar.
  const publish = () => {
    const { state, typist } = session.current;
    const view = { mode: state?.mode ?? 'assistant', ...(typist !== undefined && { typist }), mount } as const;
    const before = host.getSnapshot().handoff;
    if (before?.mode !== view.mode || before.typist !== view.typist || !before) host.publish(view);
  };
  const unpublish = session.subscribe(publish);
  session.start();
  attention.start();
  publish();
  return {
    feed: (event, raw) => live && session.feed(event, raw),
    destroy() {
      live = false;
      unpublish();
      for (const undo of [...mounted]) undo();
      attention.destroy();
      session.destroy();
    },
  };
}

function hostOf(core: HandoffCore): HandoffHost {
  const { events, connection, options } = core;
  return {
    env: core.env,
    doc: core.doc,
    language: core.locale.language,
    nonce: options.nonce,
    ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
    button: options.handoffButton ?? true,
    sessionId: core.sessionId,
    socket: () => connection.socket,
    onConnect: (listener) => connection.on('connect', listener),
    subscribe: core.widget.subscribe,
    getSnapshot: core.widget.getSnapshot,
    publish: core.publish,
    on: (event, listener) => events.on(event, listener),
    emit: (event, ...args) => events.emit(event, ...args),
    error: (error) => events.emit('error', error),
  };
}
