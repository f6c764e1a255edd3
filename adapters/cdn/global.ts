import { AIDiscoveryWidget, WidgetError, type WidgetOptions } from '../../src/index';
import { init, optionsFromScript, startsItself, whenBody } from './api';
import type { CommandQueue } from './queue';

/** Widget methods a page may call as `AIDiscovery(name, ...args)`, before or after the bundle. */
const METHODS = ['open', 'close', 'toggle', 'send', 'setContext', 'on', 'reconnect', 'destroy'] as const;
export type CommandName = (typeof METHODS)[number] | 'init';

/**
 * The `AIDiscovery` global of the script-tag bundle: a command function (the same calls the
 * loader queues) that also carries `init` and the classes.
 * @example AIDiscovery('on', 'add-to-cart', ({ product }) => addToCart(product.id)); AIDiscovery('open');
 */
export interface AIDiscoveryGlobal {
  (command: CommandName, ...args: unknown[]): unknown;
  init(options?: WidgetOptions): AIDiscoveryWidget;
  optionsFromScript(script: HTMLScriptElement): WidgetOptions;
  AIDiscoveryWidget: typeof AIDiscoveryWidget;
  WidgetError: typeof WidgetError;
}

type Command = [name: unknown, ...args: unknown[]];

/**
 * Installs `scope.AIDiscovery` unless a bundle already did (a second copy must not mount a second
 * widget), taking over whatever the loader or a stub queued. The widget starts when the loader is
 * present, when a queued `init` gives options, or when `ownScript` carries `data-socket-url` (or
 * only `data-api-url`, for HTTP-only).
 */
export function installGlobal(scope: { AIDiscovery?: unknown }, ownScript: Element | null): void {
  const prior = scope.AIDiscovery as Partial<CommandQueue> | undefined;
  if (prior && 'init' in prior) return;
  // The page's widget, target of the commands; they wait in `pending` until it exists.
  let widget: AIDiscoveryWidget | undefined;
  let mounted = false;
  const pending: Command[] = [];

  const run = (target: AIDiscoveryWidget, [name, ...args]: Command): unknown => {
    if (name === 'init') return api.init(args[0] as WidgetOptions);
    if (!METHODS.includes(name as never)) {
      throw new TypeError(`AIDiscovery: unknown command ${JSON.stringify(name)}; use 'init' or one of ${METHODS.join(', ')}`);
    }
    // 'ready' has fired once the widget is mounted: a late listener is called at once, as it would have been.
    if (name === 'on' && args[0] === 'ready' && mounted) {
      (args[1] as () => void)();
      return () => {};
    }
    if (name === 'destroy') widget = undefined;
    return (target[name as (typeof METHODS)[number]] as (...a: unknown[]) => unknown)(...args);
  };

  /** Replays without letting one bad queued call stop the rest; the error still surfaces as uncaught. */
  const replay = (target: AIDiscoveryWidget, commands: Command[]) => {
    for (const command of commands) {
      try {
        run(target, command);
      } catch (error) {
        globalThis.reportError?.(error);
      }
    }
  };

  const api: AIDiscoveryGlobal = Object.assign(
    (...command: Command) => (widget || command[0] === 'init' ? run(widget!, command) : void pending.push(command)),
    {
      init(options: WidgetOptions = {}): AIDiscoveryWidget {
        if (widget) return init(options);
        const created = (widget = new AIDiscoveryWidget(options));
        const queued = pending.splice(0);
        // Listeners first, so queued `on` calls see everything, 'ready' included; then the rest in order.
        replay(created, queued.filter(([name]) => name === 'on'));
        created.mount();
        mounted = true;
        replay(created, queued.filter(([name]) => name !== 'on'));
        return created;
      },
      optionsFromScript,
      AIDiscoveryWidget,
      WidgetError,
    },
  );
  scope.AIDiscovery = api;

  const queued = Array.from(prior?.q ?? [], (call) => Array.from(call) as Command);
  const inits = queued.filter(([name]) => name === 'init').map(([, options]) => options as WidgetOptions);
  pending.push(...queued.filter(([name]) => name !== 'init'));
  if (typeof document === 'undefined') return;
  // The loader's tag configures the page when present; otherwise this bundle's own tag may.
  const own = ownScript instanceof HTMLScriptElement && startsItself(ownScript) ? ownScript : undefined;
  const source = prior && 's' in prior ? prior.s : own;
  if (source === undefined && inits.length === 0) return;
  const options: WidgetOptions = Object.assign(source ? optionsFromScript(source) : {}, ...inits);
  whenBody(document, () => {
    if (widget) return;
    document.dispatchEvent(new CustomEvent('ai-discovery:ready', { detail: api.init(options) }));
  });
}
