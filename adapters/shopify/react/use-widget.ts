import { useEffect, useInsertionEffect, useRef, useState } from 'react';
import { AIDiscoveryWidget as Core, type ChatContext, type WidgetEvents, type WidgetOptions } from '../../../src/index';
import { EVENT_PROPS, OPTION_NAMES, needsRemount, same, type AIDiscoveryWidgetProps } from './options';

interface Instance {
  widget: Core;
  /** The props it was made from: the base for remount and context comparisons. */
  props: AIDiscoveryWidgetProps;
}

type Listener = (...args: unknown[]) => void;

/** The core's constructor has no side effects, so this may run during render, even on a server. */
function create(props: AIDiscoveryWidgetProps, latest: { readonly current: AIDiscoveryWidgetProps }): Instance {
  const options: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) if (props[name] !== undefined) options[name] = props[name];
  // Read when the shopper presses the button: the newest function is the one that runs.
  options.addToCart = (event: Parameters<NonNullable<WidgetOptions['addToCart']>>[0]) => latest.current.addToCart?.(event);
  return { widget: new Core(options as WidgetOptions), props };
}

/**
 * Owns one core widget for a component: made on the first render (the server renders it too,
 * unmounted), mounted in an effect, destroyed after unmount.
 *
 * StrictMode runs effects, their cleanups and the effects again in one go. Destroying in the
 * cleanup would throw that first widget and its socket away at once, so the cleanup parks the
 * widget and destroys it a microtask later, unless the effect came back for it first: one widget,
 * one socket. A widget that was destroyed after all (a tree hidden by `<Activity>` and shown
 * again) cannot mount again, so a new one takes its place.
 */
export function useWidget(props: AIDiscoveryWidgetProps): Core {
  const latest = useRef(props);
  // Before any effect of this commit, so events and addToCart always reach the newest callbacks.
  useInsertionEffect(() => {
    latest.current = props;
  });
  const [instance, setInstance] = useState(() => create(props, latest));
  let current = instance;
  if (needsRemount(instance.props, props)) {
    // React's pattern for state derived from changed props: re-render at once with the new widget.
    current = create(props, latest);
    setInstance(current);
  }
  const { widget } = current;
  const parked = useRef<{ widget: Core; cancel(): void } | undefined>(undefined);
  const destroyed = useRef<Core | undefined>(undefined);

  useEffect(() => {
    const held = parked.current;
    parked.current = undefined;
    held?.cancel();
    // A remount: the old widget goes before the new one connects.
    if (held && held.widget !== widget) held.widget.destroy();
    if (destroyed.current === widget) {
      setInstance(create(latest.current, latest));
      return undefined;
    }
    const offs = (Object.keys(EVENT_PROPS) as (keyof WidgetEvents)[]).map((event) =>
      widget.on(event, ((...args: unknown[]) => (latest.current[EVENT_PROPS[event]] as Listener | undefined)?.(...args)) as never),
    );
    widget.mount();
    return () => {
      for (const off of offs) off();
      let cancelled = false;
      parked.current = { widget, cancel: () => (cancelled = true) };
      queueMicrotask(() => {
        if (cancelled) return;
        if (parked.current?.widget === widget) parked.current = undefined;
        destroyed.current = widget;
        widget.destroy();
      });
    };
  }, [widget]);

  // The context the widget has from props: what it was made with, then each later value.
  const given = useRef<{ widget: Core; context: ChatContext | undefined } | undefined>(undefined);
  const createdWith = current.props.context;
  const context = props.context;
  useEffect(() => {
    const before = given.current?.widget === widget ? given.current.context : createdWith;
    given.current = { widget, context };
    if (same(before, context)) return;
    // setContext merges; a key the new props dropped must be cleared, not kept from before.
    const patch: ChatContext = { ...context };
    for (const key of Object.keys(before ?? {})) if (!(key in patch)) patch[key] = undefined;
    widget.setContext(patch);
  }, [widget, context, createdWith]);

  return widget;
}
