import type { Disposables } from '../util/disposables.js';
import { WidgetError } from '../util/errors.js';
import type { HandoffCore, HandoffRuntime } from './handoff-host.js';

/**
 * The only link from the core to the hand-off chunk: it is imported when the server first speaks
 * the extension, so a store without people at the desk (or a backend without it) pays nothing.
 * Events that arrive while it loads wait for it, in order (promise callbacks run in turn); a failed
 * load is tried again with the next event. The chunk shows itself through the snapshot's `handoff`.
 * Returns what the inbound edge calls with each hand-off event.
 */
export function wireHandoff(core: HandoffCore, subs: Disposables) {
  let loading: Promise<HandoffRuntime | undefined> | undefined;
  let runtime: HandoffRuntime | undefined;
  let gone = false;
  // Synchronous, so destroy() has restored the tab title by the time it returns.
  subs.add(() => {
    gone = true;
    runtime?.destroy();
  });
  return (event: 'presence' | 'handoff-state', raw: unknown): void => {
    (loading ??= (core.options.loadHandoff ?? (() => import('./handoff-runtime')))().then(
      (m) => (gone ? undefined : (runtime = m.createHandoff(core))),
      (error: unknown) => {
        loading = undefined;
        if (!gone) core.events.emit('error', new WidgetError('unavailable', 'Could not load the hand-off code', error));
        return undefined;
      },
    )).then((r) => r?.feed(event, raw));
  };
}
