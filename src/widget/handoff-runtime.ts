import { h, render } from 'preact';
import { HANDOFF_CSS, HandoffBar } from '../ui/panel/handoff-bar.js';
import { handoffStrings } from '../ui/panel/handoff-strings.js';
import { adoptCss } from '../ui/stylesheet.js';
import { HandoffAttention } from './handoff-attention.js';
import type { HandoffHost, HandoffRuntime } from './handoff-host.js';
import { HandoffSession } from './handoff-session.js';

/**
 * The hand-off chunk's entry: the session (server events, requests), the attention (seen, tab
 * title) and the bar drawn in the panel. The widget imports it when the server first speaks the
 * extension.
 */
export function createHandoff(host: HandoffHost): HandoffRuntime {
  const strings = handoffStrings(host.language);
  const session = new HandoffSession(host);
  const attention = new HandoffAttention(host, () => strings.newMessage);
  // What the launcher and the message list read: who answers, and who types.
  const publish = () => {
    const { state, typist } = session.current;
    const view = { mode: state?.mode ?? 'assistant', ...(typist !== undefined && { typist }) } as const;
    const before = host.getSnapshot().handoff;
    if (before?.mode !== view.mode || before.typist !== view.typist) host.publish(view);
  };
  const unpublish = session.subscribe(publish);
  session.start();
  attention.start();
  publish();
  return {
    feed: (event, raw) => session.feed(event, raw),
    mount(slot) {
      const shadow = slot.getRootNode();
      const removeCss = shadow instanceof ShadowRoot ? adoptCss(shadow, HANDOFF_CSS, host.nonce) : () => {};
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
      return () => {
        render(null, slot);
        removeCss();
      };
    },
    destroy() {
      unpublish();
      attention.destroy();
      session.destroy();
    },
  };
}
