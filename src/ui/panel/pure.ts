import { Component, h, type ComponentType } from 'preact';

/**
 * Skips re-rendering when every prop is the same object as before. Conversation entries are
 * immutable and keep their identity until they change, so while an answer streams only the
 * streaming bubble renders, not the whole history. (preact/compat's `memo` would do the same but
 * brings compat's weight into the panel.)
 */
export function pure<P extends object>(Inner: ComponentType<P>): ComponentType<P> {
  return class Pure extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const prev = this.props as Record<string, unknown>;
      const keys = Object.keys(next) as (keyof P & string)[];
      return keys.length !== Object.keys(prev).length || keys.some((k) => k !== 'children' && prev[k] !== next[k]);
    }
    override render() {
      return h(Inner, this.props);
    }
  };
}
