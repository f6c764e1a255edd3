import type { AIDiscoveryWidget, ChatResponse, WidgetError } from '../../src/index';

/** A widget with what it reported collected: its answers and its errors, in order. */
export function recorded(w: AIDiscoveryWidget) {
  const responses: ChatResponse[] = [];
  const errors: WidgetError[] = [];
  w.on('response', (r) => responses.push(r));
  w.on('error', (e) => errors.push(e));
  return { w, responses, errors };
}
