// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountPanel } from '../../src/ui/panel/index';
import { assistant, fakeController, shopper } from '../support/fake-ui';

/** Preact batches renders on a microtask/timeout; this lets them land. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let host: HTMLElement;
let shadow: ShadowRoot;
let unmount: (() => void) | undefined;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
  shadow = host.attachShadow({ mode: 'open' });
});
afterEach(() => {
  unmount?.();
  unmount = undefined;
  host.remove();
});

async function render(fake = fakeController()) {
  const slot = document.createElement('div');
  shadow.appendChild(slot);
  unmount = mountPanel(slot, shadow, fake.controller);
  await flush();
  return fake;
}
const $ = (sel: string) => shadow.querySelector(sel);
const $$ = (sel: string) => [...shadow.querySelectorAll(sel)];

describe('panel rendering', () => {
  it('greets and offers suggestions while empty; a suggestion sends its text', async () => {
    const fake = await render();
    expect($('.msg.assistant')?.textContent).toContain('Tell me what you are looking for');
    const chips = $$('.chip');
    expect(chips.map((c) => c.textContent)).toEqual(['Blue light glasses', 'Running shoes under $100', 'A lipstick for light skin']);
    (chips[0] as HTMLButtonElement).click();
    expect(fake.calls).toContainEqual(['send', 'Blue light glasses']);
  });

  it('renders assistant markdown as elements and shopper text verbatim', async () => {
    const fake = await render();
    fake.setEntries([shopper('m1', '**not bold** <b>x</b>'), assistant('r1', 'Try **these**:\n\n- [Clearview](https://shop.test/c)\n- `code`', { replyTo: 'm1' })]);
    await flush();
    expect($('.msg.shopper .text')?.textContent).toBe('**not bold** <b>x</b>');
    expect($('.msg.shopper b')).toBeNull();
    expect($('.msg.assistant strong')?.textContent).toBe('these');
    const link = $('.msg.assistant li a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://shop.test/c');
    expect(link.rel).toBe('noopener noreferrer');
    expect($('.msg.assistant code')?.textContent).toBe('code');
  });

  it('shows no stop button while an answer streams from a backend that cannot be asked to stop', async () => {
    const fake = fakeController({ stop: undefined });
    await render(fake);
    fake.setEntries([shopper('m1', 'hi'), assistant('r1', 'Hel', { streaming: true, replyTo: 'm1' })], true);
    await flush();
    expect($('[data-streaming="true"]')?.textContent).toContain('Hel');
    expect($('.stop')).toBeNull();
  });

  it('shows the streamed text as it grows, then the final text, with the typing dots only before the first chunk', async () => {
    const fake = await render();
    fake.setEntries([shopper('m1', 'hi')], true);
    await flush();
    expect($('.typing')).not.toBeNull();
    expect($('.stop')).not.toBeNull();
    fake.setEntries([shopper('m1', 'hi'), assistant('r1', 'Hel', { streaming: true, replyTo: 'm1' })], true);
    await flush();
    expect($('.typing')).toBeNull();
    expect($('[data-streaming="true"]')?.textContent).toContain('Hel');
    ($('.stop') as HTMLButtonElement).click();
    expect(fake.calls).toContainEqual(['stop']);
    fake.setEntries([shopper('m1', 'hi'), assistant('r1', 'Hello there', { replyTo: 'm1', cancelled: true })]);
    await flush();
    expect($('[data-streaming]')).toBeNull();
    expect($('.msg.assistant')?.textContent).toContain('Hello there');
    expect($('.msg.assistant')?.textContent).toContain('Stopped');
    expect($('.stop')).toBeNull();
  });

  it('labels delivery states and offers retry on a failed message', async () => {
    const fake = await render();
    fake.setEntries([
      shopper('a', 'one', 'queued'),
      shopper('b', 'two', 'sending'),
      shopper('c', 'three', 'sent'),
      shopper('d', 'four', 'failed', { error: { code: 'too_large', message: 'Message too long' } }),
    ]);
    await flush();
    const metas = $$('.msg.shopper .meta').map((m) => m.textContent ?? '');
    expect(metas[0]).toContain('Waiting to send');
    expect(metas[1]).toContain('Sending');
    expect(metas[2]).toContain('Sent');
    expect(metas[3]).toContain('Not sent: Message too long');
    ($$('.msg.shopper .meta button')[0] as HTMLButtonElement).click();
    expect(fake.calls).toContainEqual(['retry', 'd']);
  });

  it('shows a failed response as a visible error, and the connection banner with retry when failed', async () => {
    const fake = await render();
    fake.setEntries([shopper('m1', 'hi'), assistant('r1', '', { success: false, error: { code: 'internal', message: 'upstream down' } })]);
    fake.set({ status: 'failed' });
    await flush();
    expect($('.msg.error')?.getAttribute('role')).toBe('alert');
    expect($('.msg.error')?.textContent).toContain('could not answer');
    expect($('.status.failed')?.textContent).toContain('Could not reach the assistant');
    ($('.status button') as HTMLButtonElement).click();
    expect(fake.calls).toContainEqual(['reconnect']);
    fake.set({ status: 'offline' });
    await flush();
    expect($('.status')?.textContent).toContain('offline');
  });

  it('renders product cards with localised prices and availability, and reports clicks', async () => {
    const fake = fakeController({ locale: 'de-DE', language: 'de' });
    await render(fake);
    const items = [
      { id: 'p1', title: 'Clearview', url: 'https://shop.test/p1', price: { amount: 59, currency: 'EUR' }, image: { url: '/i.svg', alt: 'Clear glasses' }, variantId: 'v1' },
      { id: 'p2', title: 'Kids', url: 'https://shop.test/p2', available: false },
    ];
    fake.setEntries([assistant('r1', 'Hier:', { blocks: [{ type: 'products', items }, { type: 'quick-replies', options: [{ label: 'Mehr', value: 'more' }] }] })]);
    await flush();
    expect($('.price')?.textContent).toBe(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(59));
    expect($('.card img')?.getAttribute('alt')).toBe('Clear glasses');
    const buttons = $$('.card .add') as HTMLButtonElement[];
    expect(buttons.map((b) => [b.textContent, b.disabled])).toEqual([['In den Warenkorb', false], ['In den Warenkorb', true]]);
    expect($$('.stock').map((s) => s.textContent)).toEqual(['Ausverkauft']);
    buttons[0]!.click();
    ($('.card a') as HTMLAnchorElement).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    ($('.chip') as HTMLButtonElement).click();
    expect(fake.calls.map((c) => c[0])).toEqual(['addToCart', 'productClick', 'quickReply']);
    expect(fake.calls[0]![1]).toMatchObject({ id: 'p1', variantId: 'v1' });
  });

  it('marks half an answer whose server went away, and says it may still come', async () => {
    const fake = fakeController();
    await render(fake);
    fake.setEntries([shopper('m1', 'hats'), assistant('r1', 'Here are some', { success: false, error: { code: 'unavailable', message: 'cut off' } })]);
    await flush();
    expect($('.msg.assistant')?.textContent).toContain('Here are some');
    expect($('.msg.assistant [role="note"]')?.textContent).toBe('The answer was cut off. It may still arrive; if not, please ask again.');
    fake.setEntries([shopper('m1', 'hats'), assistant('r1', 'Here are some hats')]);
    await flush();
    expect($('.msg.assistant [role="note"]')).toBeNull();
  });

  it("shows the store's cart call in progress, then done, or its reason for failing", async () => {
    let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
    const fake = fakeController({ addToCart: () => new Promise<void>((resolve, reject) => (settle = { resolve, reject })) });
    await render(fake);
    const items = [{ id: 'p1', title: 'A', url: '/a' }, { id: 'p2', title: 'B', url: '/b' }];
    fake.setEntries([assistant('r1', 'Here:', { blocks: [{ type: 'products', items }] })]);
    await flush();
    const [first, second] = $$('.card .add') as HTMLButtonElement[];
    first!.click();
    await flush();
    expect([first!.textContent, first!.disabled, first!.getAttribute('aria-busy')]).toEqual(['Adding…', true, 'true']);
    settle!.resolve();
    await flush();
    expect([first!.textContent, first!.disabled]).toEqual(['Added to cart', false]);
    second!.click();
    settle!.reject(new Error('Only 1 left in stock'));
    await flush();
    expect(second!.textContent).toBe('Add to cart');
    const notes = $$('.card .cart-note');
    expect(notes.map((n) => n.textContent)).toEqual(['', 'Only 1 left in stock']);
    expect(notes[1]!.getAttribute('role')).toBe('status');
  });

  it('moves between product cards with the arrow keys, mirrored right to left', async () => {
    const fake = fakeController({ dir: 'rtl', language: 'ar', locale: 'ar' });
    await render(fake);
    const items = ['a', 'b', 'c'].map((id) => ({ id, title: id.toUpperCase(), url: `/p/${id}` }));
    fake.setEntries([assistant('r1', 'x', { blocks: [{ type: 'products', items }] })]);
    await flush();
    const links = $$('.card a') as HTMLAnchorElement[];
    links[0]!.focus();
    const list = $('.products')!;
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(shadow.activeElement).toBe(links[1]);
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(shadow.activeElement).toBe(links[0]);
    expect($('.carousel')?.getAttribute('aria-label')).toBe('المنتجات');
  });

  it('offers sign-in when the backend requires it, with the safe URL only', async () => {
    const fake = await render();
    fake.setEntries([assistant('r1', 'Please sign in to see your orders.', { requiresAuth: true, authUrl: 'https://shop.test/login' })]);
    await flush();
    const link = $$('a.chip').find((a) => a.textContent === 'Sign in') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://shop.test/login');
    expect(link.target).toBe('_blank');
  });
});

describe('panel behaviour', () => {
  it('focuses the message field on open, closes on Escape and hands focus back', async () => {
    const fake = fakeController();
    fake.set({ isOpen: false });
    await render(fake);
    expect(($('.panel') as HTMLElement).hidden).toBe(true);
    fake.set({ isOpen: true });
    await flush();
    expect(shadow.activeElement).toBe($('.composer input'));
    expect($('.panel')?.getAttribute('role')).toBe('dialog');
    expect($('#' + $('.panel')!.getAttribute('aria-labelledby'))?.textContent).toBe('Shopping assistant');
    $('.composer input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(fake.snapshot.isOpen).toBe(false);
    expect(fake.calls).toContainEqual(['focusLauncher']);
  });

  it('sends on submit, trims nothing, and clears the field', async () => {
    const fake = await render();
    const input = $('.composer input') as HTMLInputElement;
    const send = $('.composer button[type="submit"]') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    input.value = '  red shoes ';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    expect(send.disabled).toBe(false);
    $('.composer')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(fake.calls).toContainEqual(['send', '  red shoes ']);
    expect(input.value).toBe('');
    expect(input.maxLength).toBe(4000);
  });

  it('follows new content only at the bottom; otherwise shows a pill that returns there', async () => {
    const fake = await render();
    const log = $('.log') as HTMLElement;
    // jsdom has no layout: give the log a size so "at the bottom" means something.
    let scrollTop = 0;
    Object.defineProperty(log, 'clientHeight', { value: 100, configurable: true });
    Object.defineProperty(log, 'scrollHeight', { get: () => 1000, configurable: true });
    Object.defineProperty(log, 'scrollTop', { get: () => scrollTop, set: (v: number) => (scrollTop = v), configurable: true });
    fake.setEntries([assistant('r1', 'one')]);
    await flush();
    expect(scrollTop).toBe(1000);
    scrollTop = 200;
    log.dispatchEvent(new Event('scroll'));
    fake.setEntries([assistant('r1', 'one'), assistant('r2', 'two')]);
    await flush();
    expect(scrollTop).toBe(200);
    const pill = $('.pill') as HTMLButtonElement;
    expect(pill.textContent).toContain('New messages');
    pill.click();
    await flush();
    expect(scrollTop).toBe(1000);
    expect($('.pill')).toBeNull();
    // The shopper's own message always scrolls down, even when reading above.
    scrollTop = 100;
    log.dispatchEvent(new Event('scroll'));
    fake.setEntries([assistant('r1', 'one'), assistant('r2', 'two'), shopper('m9', 'mine', 'queued')]);
    await flush();
    expect(scrollTop).toBe(1000);
  });

  it('announces each completed response once in the polite live region, never the chunks', async () => {
    const fake = await render();
    const live = $('[aria-live="polite"]')!;
    fake.setEntries([assistant('r1', 'Hel', { streaming: true })]);
    await flush();
    expect(live.textContent).toBe('');
    fake.setEntries([assistant('r1', 'Hello', { blocks: [{ type: 'products', items: [{ id: 'p', title: 'Clearview', url: '/p' }] }] })]);
    await flush();
    expect(live.textContent).toBe('Assistant: Hello. Clearview');
    fake.setEntries([assistant('r1', 'Hello'), shopper('m2', 'more', 'sending')]);
    await flush();
    expect(live.textContent).toBe('Assistant: Hello. Clearview');
  });

  it('uses the merchant strings over the built-in table, and French for fr-CA', async () => {
    const fake = fakeController({ locale: 'fr-CA', language: 'fr', strings: { title: 'Conseiller Lumen' } });
    await render(fake);
    expect($('.header h2')?.textContent).toBe('Conseiller Lumen');
    expect($('.composer input')?.getAttribute('placeholder')).toBe('Posez une question sur nos produits…');
  });

  it('unmounting removes its rendering and its stylesheet', async () => {
    const before = shadow.adoptedStyleSheets?.length ?? shadow.querySelectorAll('style').length;
    await render();
    unmount!();
    unmount = undefined;
    expect(shadow.querySelector('.panel')).toBeNull();
    expect(shadow.adoptedStyleSheets?.length ?? shadow.querySelectorAll('style').length).toBe(before);
  });

  it('on a phone, follows the visual viewport so the on-screen keyboard never covers the composer', async () => {
    // jsdom has no visual viewport; this stands in for the one a phone browser gives.
    const vv = Object.assign(new EventTarget(), { height: 844, offsetTop: 0 });
    const originalWidth = window.innerWidth;
    Object.defineProperty(window, 'visualViewport', { value: vv, configurable: true });
    Object.defineProperty(window, 'innerWidth', { value: 390, configurable: true });
    try {
      await render();
      const panel = $('.panel') as HTMLElement;
      expect(panel.style.height).toBe('844px');
      vv.height = 420;
      vv.offsetTop = 12;
      vv.dispatchEvent(new Event('resize'));
      await new Promise((r) => setTimeout(r, 0));
      expect([panel.style.height, panel.style.top]).toEqual(['420px', '12px']);
      expect(panel.getAttribute('style')).not.toMatch(/url|expression/);
    } finally {
      Object.defineProperty(window, 'innerWidth', { value: originalWidth, configurable: true });
      delete (window as { visualViewport?: unknown }).visualViewport;
    }
  });
});
