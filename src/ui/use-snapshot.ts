import { useEffect, useState } from 'preact/hooks';
import type { UiController, WidgetSnapshot } from './types';

/** Reads the widget's external store; re-renders when it changes. */
export function useSnapshot(controller: UiController): WidgetSnapshot {
  const [snapshot, setSnapshot] = useState(controller.getSnapshot);
  useEffect(() => {
    setSnapshot(controller.getSnapshot());
    return controller.subscribe(() => setSnapshot(controller.getSnapshot()));
  }, [controller]);
  return snapshot;
}
