// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { resolveLocale } from '../../src/ui/i18n/locale';
import { mountUi, type MountOptions } from '../../src/ui/mount';
import { adoptCss } from '../../src/ui/stylesheet';
import type { PanelModule } from '../../src/ui/types';
import { fakeController } from '../support/fake-ui';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.replaceChildren();
});

function setup(loadPanel: MountOptions['loadPanel'], locale = 'en-US') {
  const fake = fakeController();
  fake.set({ isOpen: false });
  let idle: (() => void) | undefined;
  const errors: unknown[] = [];
  unmount = mountUi(document, document.body, fake.controller, {
    locale: resolveLocale(locale),
    strings: {},
    nonce: undefined,
    loadPanel,
    whenIdle: (task) => {
      idle = task;
      return () => (idle = undefined);
    },
    onPanelError: (e) => errors.push(e),
    position: undefined,
    theme: {},
  });
  const shadow = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
  const launcher = shadow.querySelector('.launcher') as HTMLButtonElement;
  return { fake, shadow, launcher, errors, runIdle: () => idle?.(), hasIdle: () => idle !== undefined };
}

function countingLoader(fail = 0) {
  let calls = 0;
  const mounted: HTMLElement[] = [];
  const load = async (): Promise<PanelModule> => {
    calls++;
    if (calls <= fail) throw new Error('chunk 404');
    return {
      mountPanel: (slot) => {
        const el = document.createElement('section');
        el.className = 'panel';
        slot.appendChild(el);
        mounted.push(el);
        return () => el.remove();
      },
    };
  };
  return { load, calls: () => calls, mounted };
}

describe('launcher and lazy panel', () => {
  it('draws a labelled launcher at once and loads the panel only when idle or opened', async () => {
    const loader = countingLoader();
    const { launcher, runIdle, fake, shadow } = setup(loader.load);
    expect(launcher.getAttribute('aria-label')).toBe('Open shopping assistant');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    // aria-controls only once there is something to control.
    expect(launcher.hasAttribute('aria-controls')).toBe(false);
    expect(loader.calls()).toBe(0);
    runIdle();
    await flush();
    expect(loader.calls()).toBe(1);
    expect(launcher.getAttribute('aria-controls')).toBe('aid-panel');
    launcher.click();
    expect(fake.snapshot.isOpen).toBe(true);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.getAttribute('aria-label')).toBe('Close shopping assistant');
    expect(loader.calls()).toBe(1);
    expect(shadow.querySelectorAll('.panel')).toHaveLength(1);
  });

  it('opening before the idle callback loads the panel straight away', async () => {
    const loader = countingLoader();
    const { launcher } = setup(loader.load);
    launcher.click();
    await flush();
    expect(loader.calls()).toBe(1);
  });

  it('a panel that fails to load is reported and tried again on the next open', async () => {
    const loader = countingLoader(1);
    const { launcher, errors, fake } = setup(loader.load);
    launcher.click();
    await flush();
    expect(errors).toHaveLength(1);
    expect(loader.mounted).toHaveLength(0);
    fake.set({ isOpen: false });
    launcher.click();
    await flush();
    expect(loader.calls()).toBe(2);
    expect(loader.mounted).toHaveLength(1);
  });

  it('shows the unread count on the badge while closed, with words for screen readers', async () => {
    const { fake, launcher } = setup(countingLoader().load);
    fake.set({ unread: 3 });
    expect(launcher.querySelector('.badge')?.textContent).toBe('3 unread messages');
    fake.set({ isOpen: true });
    expect(launcher.querySelector('.badge')).toBeNull();
  });

  it('is labelled in the page language and mirrored for Arabic', () => {
    const { launcher, shadow } = setup(countingLoader().load, 'ar-EG');
    expect(launcher.getAttribute('aria-label')).toBe('فتح مساعد التسوق');
    expect(shadow.querySelector('.root')?.getAttribute('dir')).toBe('rtl');
    expect(shadow.querySelector('.root')?.getAttribute('lang')).toBe('ar-EG');
  });

  it('removes host, stylesheet, idle callback and panel on unmount', async () => {
    const loader = countingLoader();
    const { runIdle, hasIdle } = setup(loader.load);
    runIdle();
    await flush();
    unmount!();
    unmount = undefined;
    expect(document.querySelector('[data-ai-discovery]')).toBeNull();
    expect(loader.mounted[0]!.isConnected).toBe(false);
    expect(hasIdle()).toBe(false);
  });
});

describe('styles under a strict CSP', () => {
  it('uses a constructable stylesheet where available, and a nonced <style> otherwise', () => {
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    const remove = adoptCss(shadow, '.a{color:red}', 'n0nce');
    const constructable = 'adoptedStyleSheets' in shadow && typeof CSSStyleSheet.prototype.replaceSync === 'function';
    if (constructable) {
      expect(shadow.adoptedStyleSheets).toHaveLength(1);
      expect(shadow.querySelector('style')).toBeNull();
    }
    remove();
    // An older browser without constructable stylesheets (jsdom stands in by hiding replaceSync).
    const original = CSSStyleSheet.prototype.replaceSync;
    Object.defineProperty(CSSStyleSheet.prototype, 'replaceSync', { value: undefined, configurable: true });
    try {
      const undo = adoptCss(shadow, '.a{color:red}', 'n0nce');
      const style = shadow.querySelector('style')!;
      expect(style.nonce).toBe('n0nce');
      expect(style.textContent).toBe('.a{color:red}');
      undo();
      expect(shadow.querySelector('style')).toBeNull();
    } finally {
      Object.defineProperty(CSSStyleSheet.prototype, 'replaceSync', { value: original, configurable: true });
    }
  });
});
