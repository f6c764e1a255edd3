import type { Disposables } from '../util/disposables.js';
import { WidgetError } from '../util/errors.js';
import type { HandoffHost, HandoffLoader, HandoffRuntime } from './handoff-host.js';

/**
 * The only link from the core to the hand-off chunk: it is imported when the server first speaks
 * the extension, so a store without people at the desk (or a backend without it) pays nothing.
 * Events that arrive while it loads wait for it, in order; a failed load is tried again on the next.
 */
export function wireHandoff(host: HandoffHost, load: HandoffLoader | undefined, subs: Disposables) {
  let runtime: HandoffRuntime | undefined;
  let waiting: [('presence' | 'handoff-state'), unknown][] | undefined;
  let slot: HTMLElement | undefined;
  let unmount: (() => void) | undefined;
  let gone = false;
  const show = () => {
    if (runtime && slot && !unmount) unmount = runtime.mount(slot);
  };
  subs.add(() => {
    gone = true;
    unmount?.();
    runtime?.destroy();
  });
  return {
    feed(event: 'presence' | 'handoff-state', raw: unknown): void {
      if (runtime) return runtime.feed(event, raw);
      if (waiting) return void waiting.push([event, raw]);
      waiting = [[event, raw]];
      (load ?? (() => import('./handoff-runtime')))().then(
        (m) => {
          if (gone) return;
          runtime = m.createHandoff(host);
          for (const [e, r] of waiting!) runtime.feed(e, r);
          waiting = undefined;
          show();
        },
        (error: unknown) => {
          waiting = undefined;
          if (!gone) host.error(new WidgetError('unavailable', 'Could not load the code to talk to a person', error));
        },
      );
    },
    /** Where the panel wants the hand-off's part drawn; returns the undo. */
    attach(into: HTMLElement): () => void {
      slot = into;
      show();
      return () => {
        unmount?.();
        unmount = slot = undefined;
      };
    },
  };
}
