import type { FaceFeature, FaceRuntime } from '../ui/types.js';
import type { FaceHost, FaceLoader } from './face-host.js';
import type { Disposables } from '../util/disposables.js';
import { WidgetError } from '../util/errors.js';

/**
 * The only link from the core to face analysis: a dynamic import made once the shopper has
 * consented (never before), one runtime per widget (so one detector), destroyed with the widget
 * (also when it is still loading then). A failed load is forgotten, so the shopper can try again.
 */
export function wireFace(host: FaceHost, load: FaceLoader | undefined, subs: Disposables): FaceFeature {
  let runtime: Promise<FaceRuntime> | undefined;
  let gone = false;
  subs.add(() => {
    gone = true;
    runtime?.then((r) => r.destroy(), () => {});
  });
  return {
    load: () =>
      gone
        ? Promise.reject(new WidgetError('destroyed', 'The widget was destroyed'))
        : (runtime ??= (load ?? (() => import('../face/index')))().then(
            (m) => m.createFace(host),
            (error: unknown) => {
              runtime = undefined;
              throw error;
            },
          )),
  };
}
