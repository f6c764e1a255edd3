import { useLayoutEffect, useState } from 'preact/hooks';
import type { UiController, WidgetSnapshot } from '../types.js';

/**
 * Reads the widget's external store; re-renders when it changes. It subscribes in a layout effect,
 * right after the first render, so no change can slip in before the subscription exists.
 */
export function useSnapshot(controller: UiController): WidgetSnapshot {
  const [snapshot, setSnapshot] = useState(controller.getSnapshot);
  useLayoutEffect(() => {
    setSnapshot(controller.getSnapshot());
    return controller.subscribe(() => setSnapshot(controller.getSnapshot()));
  }, [controller]);
  return snapshot;
}

/**
 * On phones the on-screen keyboard shrinks the visual viewport but not the layout viewport, so a
 * full-height fixed panel would sit behind the keyboard. While the panel is open on a small screen
 * this tracks the visual viewport, and the panel is sized to it.
 */
export function useVisualViewport(active: boolean): { height: number; top: number } | undefined {
  const [box, setBox] = useState<{ height: number; top: number } | undefined>(undefined);
  // A layout effect, so the first frame of an opened panel already has the right height.
  useLayoutEffect(() => {
    const vv = typeof window === 'undefined' ? undefined : window.visualViewport;
    if (!active || !vv) {
      setBox(undefined);
      return;
    }
    const update = () => setBox(window.innerWidth < 480 ? { height: vv.height, top: vv.offsetTop } : undefined);
    update();
    vv.addEventListener('resize', update);
    vv.addEventListener('scroll', update);
    return () => {
      vv.removeEventListener('resize', update);
      vv.removeEventListener('scroll', update);
    };
  }, [active]);
  return box;
}
