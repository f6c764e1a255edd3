// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LOAD_AFTER_MS, installLauncher } from '../../adapters/cdn/install-launcher';
import { launcherSettings } from '../../adapters/cdn/launcher-settings';
import type { CommandQueue } from '../../adapters/cdn/queue';

// What the build embeds: the versioned bundle beside the launcher, and its hash.
vi.mock('../../adapters/cdn/build-info', () => ({ BUNDLE_PATH: '9.9.9/ai-discovery.js', BUNDLE_INTEGRITY: 'sha384-test' }));

type Scope = Window & typeof globalThis & { AIDiscovery?: unknown };

/** A window whose timers and idle callbacks run only when the test says so, its page already loaded. */
function fakeWindow() {
  const timers: { ms: number; task: () => void }[] = [];
  const idle: (() => void)[] = [];
  const scope = Object.create(window) as Scope;
  const target = new EventTarget();
  Object.assign(scope, {
    document,
    setTimeout: (task: () => void, ms: number) => timers.push({ ms, task }),
    requestIdleCallback: (task: () => void) => idle.push(task),
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  });
  return {
    scope,
    timers,
    runTimers: () => timers.splice(0).forEach(({ task }) => task()),
    runIdle: () => idle.splice(0).forEach((task) => task()),
  };
}

function launcherTag(attributes: Record<string, string> = {}): HTMLScriptElement {
  const tag = document.createElement('script');
  tag.src = 'https://cdn.example.com/ai/launcher.js';
  for (const [name, value] of Object.entries({ 'data-socket-url': 'https://chat.example.com', ...attributes })) tag.setAttribute(name, value);
  return tag;
}

const injected = () => [...document.head.querySelectorAll('script')].map((s) => s.src);
const early = () => document.querySelectorAll('[data-ai-discovery][data-early]');

beforeEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
});

describe('the launcher', () => {
  it('draws the button and fetches nothing until the budget after load has passed and the page is idle', () => {
    const { scope, timers, runTimers, runIdle } = fakeWindow();
    const tag = launcherTag();
    installLauncher(scope, tag, launcherSettings(tag));
    expect(early()).toHaveLength(1);
    expect(timers.map((t) => t.ms)).toEqual([DEFAULT_LOAD_AFTER_MS]);
    runIdle();
    expect(injected()).toEqual([]);
    runTimers();
    expect(injected()).toEqual([]);
    runIdle();
    expect(injected()).toEqual(['https://cdn.example.com/ai/9.9.9/ai-discovery.js']);
  });

  it('fetches at once, and only once, for a call that needs the widget: open, toggle, send, reconnect', () => {
    const { scope } = fakeWindow();
    const tag = launcherTag({ 'data-load-after-ms': 'never' });
    installLauncher(scope, tag, launcherSettings(tag));
    const queue = scope.AIDiscovery as CommandQueue;
    queue('setContext', { page: 'x' });
    queue('on', 'ready', () => {});
    expect(injected()).toEqual([]);
    queue('open');
    queue('send', 'hello');
    expect(injected()).toHaveLength(1);
    expect(Array.from(queue.q, (c) => Array.from(c)[0])).toEqual(['setContext', 'on', 'open', 'send']);
  });

  it('fetches at once when the page queued such a call before the launcher ran, or starts open', () => {
    const first = fakeWindow();
    const stub = Object.assign((...args: unknown[]) => stub.q.push(args), { q: [] as unknown[][] });
    first.scope.AIDiscovery = stub;
    stub('open');
    const tag = launcherTag({ 'data-load-after-ms': 'never' });
    installLauncher(first.scope, tag, launcherSettings(tag));
    expect(injected()).toHaveLength(1);

    document.head.replaceChildren();
    const second = fakeWindow();
    const open = launcherTag({ 'data-load-after-ms': 'never', 'data-start-open': '' });
    installLauncher(second.scope, open, launcherSettings(open));
    expect(injected()).toHaveLength(1);
  });

  it('with data-load-after-ms="never" waits for the shopper: pointing at the button fetches the widget', () => {
    const { scope, timers, runIdle } = fakeWindow();
    const tag = launcherTag({ 'data-load-after-ms': 'never' });
    installLauncher(scope, tag, launcherSettings(tag));
    expect(timers).toEqual([]);
    runIdle();
    expect(injected()).toEqual([]);
    early()[0]!.shadowRoot!.querySelector('.launcher')!.dispatchEvent(new Event('pointerenter'));
    expect(injected()).toHaveLength(1);
  });

  it('throws at once, saying what to write, for a budget that is not a number of milliseconds', () => {
    expect(() => launcherSettings(launcherTag({ 'data-load-after-ms': '10s' }))).toThrow(/data-load-after-ms must be a number of milliseconds or "never"/);
    expect(launcherSettings(launcherTag({ 'data-load-after-ms': '2500' })).loadAfterMs).toBe(2500);
  });

  it('draws no button that nothing would start, and takes the look of an init queued before it', () => {
    const { scope } = fakeWindow();
    const bare = document.createElement('script');
    installLauncher(scope, bare, launcherSettings(bare));
    expect(early()).toHaveLength(0);

    const other = fakeWindow();
    const stub = Object.assign((...args: unknown[]) => stub.q.push(args), { q: [] as unknown[][] });
    other.scope.AIDiscovery = stub;
    stub('init', { socketUrl: 'https://chat.example.com', position: 'left', accentColor: '#0a7c52', strings: { openChat: 'Chat with us' } });
    installLauncher(other.scope, bare, launcherSettings(bare));
    const host = early()[0] as HTMLElement;
    expect(host.getAttribute('data-position')).toBe('left');
    expect(host.style.getPropertyValue('--aid-accent')).toBe('#0a7c52');
    expect(host.shadowRoot!.querySelector('.launcher')!.getAttribute('aria-label')).toBe('Chat with us');
  });
});
