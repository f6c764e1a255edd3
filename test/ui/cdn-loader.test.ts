// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AIDiscoveryWidget, WidgetOptions } from '../../src/index';
import { installGlobal, type AIDiscoveryGlobal } from '../../adapters/cdn/global';
import { installLoader } from '../../adapters/cdn/install-loader';
import type { CommandQueue } from '../../adapters/cdn/queue';
import { fakeEnvironment } from '../support/fake-env';

// What the build embeds: the versioned bundle beside the loader, and its hash.
vi.mock('../../adapters/cdn/build-info', () => ({ BUNDLE_PATH: '9.9.9/ai-discovery.js', BUNDLE_INTEGRITY: 'sha384-test' }));

type Scope = { AIDiscovery?: unknown };

/** A window whose idle callbacks run only when the test says so. */
function fakeWindow() {
  const idle: (() => void)[] = [];
  const scope = Object.create(window) as Window & typeof globalThis & Scope;
  const target = new EventTarget();
  Object.assign(scope, {
    document,
    requestIdleCallback: (task: () => void) => idle.push(task),
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
  });
  return { scope, runIdle: () => idle.splice(0).forEach((task) => task()) };
}

function loaderTag(attributes: Record<string, string> = {}): HTMLScriptElement {
  const tag = document.createElement('script');
  tag.src = 'https://cdn.example.com/ai/loader.js';
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value);
  return tag;
}

const injected = () => [...document.head.querySelectorAll('script')];
const described = () => injected().map((s) => [s.src, s.getAttribute('integrity'), s.getAttribute('crossorigin')]);

beforeEach(() => document.head.replaceChildren());

describe('the async loader', () => {
  it('queues calls and fetches nothing until the page is idle', () => {
    const { scope, runIdle } = fakeWindow();
    installLoader(scope, loaderTag());
    const queue = scope.AIDiscovery as CommandQueue;
    queue('open');
    queue('send', 'hello');
    expect(Array.from(queue.q, (c) => Array.from(c))).toEqual([['open'], ['send', 'hello']]);
    expect(injected()).toHaveLength(0);
    runIdle();
    expect(described()).toEqual([
      ['https://cdn.example.com/ai/9.9.9/ai-discovery.js', 'sha384-test', 'anonymous'],
    ]);
  });

  it('fetches at the first interaction, once, even when idle comes later', () => {
    const { scope, runIdle } = fakeWindow();
    installLoader(scope, loaderTag());
    scope.dispatchEvent(new Event('keydown'));
    scope.dispatchEvent(new Event('pointerdown'));
    runIdle();
    expect(injected()).toHaveLength(1);
  });

  it('keeps the calls of a stub the page defined before the loader ran', () => {
    const { scope } = fakeWindow();
    const stub = function stub(...args: unknown[]) {
      (stub as CommandQueue).q.push(args);
    } as CommandQueue;
    stub.q = [];
    scope.AIDiscovery = stub;
    stub('open');
    installLoader(scope, loaderTag());
    (scope.AIDiscovery as CommandQueue)('close');
    stub('toggle');
    // One queue, whichever function the page calls.
    expect((scope.AIDiscovery as CommandQueue).q).toBe(stub.q);
    expect(Array.from(stub.q, (c) => Array.from(c))).toEqual([['open'], ['close'], ['toggle']]);
  });

  it('does nothing the second time, nor when the bundle is already here', () => {
    const { scope, runIdle } = fakeWindow();
    installLoader(scope, loaderTag());
    const first = scope.AIDiscovery;
    installLoader(scope, loaderTag());
    expect(scope.AIDiscovery).toBe(first);
    runIdle();
    expect(injected()).toHaveLength(1);

    const other = fakeWindow();
    const bundle = Object.assign(() => {}, { init: () => {} });
    other.scope.AIDiscovery = bundle;
    installLoader(other.scope, loaderTag());
    other.runIdle();
    expect(other.scope.AIDiscovery).toBe(bundle);
    expect(injected()).toHaveLength(1);
  });

  it('takes data-src as the bundle, with data-integrity as its only hash', () => {
    const a = fakeWindow();
    installLoader(a.scope, loaderTag({ 'data-src': 'https://other.example/widget.js' }));
    a.runIdle();
    const b = fakeWindow();
    installLoader(b.scope, loaderTag({ 'data-src': 'https://other.example/widget.js', 'data-integrity': 'sha384-given' }));
    b.runIdle();
    expect(described()).toEqual([
      ['https://other.example/widget.js', null, null],
      ['https://other.example/widget.js', 'sha384-given', 'anonymous'],
    ]);
  });
});

describe('the bundle taking over the queue', () => {
  const widgets: AIDiscoveryWidget[] = [];
  // No server: fake timers keep the connection from retrying, and the panel never loads.
  const quiet = (): WidgetOptions => ({
    socketUrl: 'http://127.0.0.1:9',
    transports: ['websocket'],
    environment: fakeEnvironment(),
    storage: 'memory',
    loadPanel: () => new Promise(() => {}),
  });
  const track = (event: Event) => widgets.push((event as CustomEvent<AIDiscoveryWidget>).detail);
  beforeEach(() => document.addEventListener('ai-discovery:ready', track));
  afterEach(() => {
    document.removeEventListener('ai-discovery:ready', track);
    widgets.splice(0).forEach((w) => w.destroy());
    document.body.replaceChildren();
  });

  function queueWith(...commands: unknown[][]): Scope {
    const queue = function queue(...args: unknown[]) {
      (queue as CommandQueue).q.push(args);
    } as CommandQueue;
    queue.q = commands;
    queue.s = null;
    return { AIDiscovery: queue };
  }

  it('starts with the loader, replays the queue in order, and ready fires once', () => {
    const ready = vi.fn();
    const seen: string[] = [];
    const scope = queueWith(
      ['init', quiet()],
      ['open'],
      ['on', 'ready', ready],
      ['on', 'open', () => seen.push('open')],
      ['on', 'close', () => seen.push('close')],
      ['close'],
      ['open'],
    );
    installGlobal(scope, null);
    expect(widgets).toHaveLength(1);
    expect(ready).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(['open', 'close', 'open']);
    expect(widgets[0]!.isOpen).toBe(true);
    expect(document.querySelectorAll('[data-ai-discovery]')).toHaveLength(1);

    const api = scope.AIDiscovery as AIDiscoveryGlobal;
    api('close');
    expect(widgets[0]!.isOpen).toBe(false);
    const late = vi.fn();
    api('on', 'ready', late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('a second copy of the bundle leaves the first one and its widget alone', () => {
    const scope = queueWith(['init', quiet()]);
    installGlobal(scope, null);
    const api = scope.AIDiscovery;
    installGlobal(scope, null);
    expect(scope.AIDiscovery).toBe(api);
    expect(document.querySelectorAll('[data-ai-discovery]')).toHaveLength(1);
  });

  it('a bad queued call throws at once when made live, and does not stop the others when replayed', () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (e: unknown) => reported.push(e));
    try {
      const scope = queueWith(['init', quiet()], ['fly'], ['open']);
      installGlobal(scope, null);
      expect(widgets[0]!.isOpen).toBe(true);
      expect(String(reported[0])).toMatch(/unknown command "fly"/);
      expect(() => (scope.AIDiscovery as AIDiscoveryGlobal)('mount' as 'open')).toThrow(TypeError);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('without a loader or data-socket-url, calls wait for init()', () => {
    const scope: Scope = {};
    installGlobal(scope, null);
    const api = scope.AIDiscovery as AIDiscoveryGlobal;
    const opened = vi.fn();
    api('on', 'open', opened);
    api('open');
    expect(document.querySelectorAll('[data-ai-discovery]')).toHaveLength(0);
    const widget = api.init(quiet());
    widgets.push(widget);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(widget.isOpen).toBe(true);
  });
});
