import { launcherStrings, resolveLocale } from '../ui/i18n/locale.js';
import type { UiStrings } from '../ui/i18n/strings.js';
import { Launcher } from '../ui/launcher.js';
import { HOST_TAG } from '../ui/mount.js';
import { adoptCss } from '../ui/stylesheet.js';
import { CORE_CSS } from '../ui/styles.js';
import { EARLY_CSS } from './early-styles.js';

/** The field's label and placeholder by language, so the early panel needs no string tables. */
const FIELD: Record<string, [string, string]> = {
  en: ['Message', 'Ask about products…'],
  fr: ['Message', 'Posez une question sur nos produits…'],
  de: ['Nachricht', 'Fragen Sie nach Produkten…'],
  es: ['Mensaje', 'Pregunta por productos…'],
  ar: ['الرسالة', 'اسأل عن المنتجات…'],
};

export type EarlyStrings = Pick<UiStrings, 'openChat' | 'closeChat' | 'unread' | 'messageLabel' | 'placeholder'>;

export interface EarlyLauncherOptions {
  /** BCP 47 tag of the labels and the reading direction. @default `<html lang>`, else the browser's */
  locale?: string;
  /** Replaces the labels (the widget's `strings` option; other keys are ignored). @default the locale's */
  strings?: Partial<EarlyStrings>;
  /** The bottom corner, as the widget's `position` option. @default the reading direction's end */
  position?: 'right' | 'left';
  /** Custom properties set on the host (`--aid-accent`, …), already validated. @default {} */
  theme?: Record<string, string>;
  /** Nonce for the `<style>` fallback where constructable stylesheets are missing. @default undefined */
  nonce?: string;
  /** Where the host element is appended. @default document.body */
  container?: HTMLElement;
}

export interface EarlyLauncherEvents {
  /** The shopper is heading for the launcher (pointer over it, focus on it, a press): fetch the widget. */
  touch(): void;
  /** The launcher was pressed: the shopper wants the chat open (true) or closed again (false). */
  open(open: boolean): void;
  /** The shopper sent a message from the early panel. */
  submit(text: string): void;
}

/**
 * The launcher a page shows before the widget's code has arrived: the same button, in the same
 * kind of host and shadow root, with the same stylesheet as the widget's own, so the widget can
 * take its place without the page moving. Pressed early, it opens a bare panel whose field takes
 * what the shopper types until the widget's panel is there to take it over.
 */
export class EarlyLauncher {
  private host: HTMLElement | undefined;
  private language = 'en';
  private launcher: Launcher | undefined;
  private panel: HTMLFormElement | undefined;
  private field: HTMLInputElement | undefined;
  private isOpen = false;
  private isPressed = false;
  private stopWatchingRelease: (() => void) | undefined;

  constructor(private readonly doc: Document, private readonly options: EarlyLauncherOptions, private readonly events: EarlyLauncherEvents) {}

  /**
   * Draws the launcher; idempotent.
   * @example new EarlyLauncher(document, { position: 'left' }, { touch: load, open, submit }).mount();
   */
  mount(): this {
    if (this.host) return this;
    const { doc, options } = this;
    const host = (this.host = doc.createElement(HOST_TAG));
    host.setAttribute('data-ai-discovery', '');
    // Tells it apart from the widget's host during the hand-over, when both are in the page.
    host.setAttribute('data-early', '');
    if (options.position) host.setAttribute('data-position', options.position);
    for (const [name, value] of Object.entries(options.theme ?? {})) host.style.setProperty(name, value);
    const shadow = host.attachShadow({ mode: 'open' });
    // The button's rules only: the early panel's come with the panel, at the first press (see panelOnce).
    adoptCss(shadow, CORE_CSS, options.nonce);
    const locale = resolveLocale(options.locale ?? (doc.documentElement.lang || doc.defaultView?.navigator.language));
    this.language = locale.language;
    const root = doc.createElement('div');
    root.className = 'root';
    root.dir = locale.dir;
    root.lang = locale.locale;
    const launcher = (this.launcher = new Launcher(doc, launcherStrings(locale.language, options.strings ?? {}), () => this.setOpen(!this.isOpen)));
    const touch = () => this.events.touch();
    for (const type of ['pointerenter', 'pointerdown', 'focus']) launcher.button.addEventListener(type, touch);
    launcher.button.addEventListener('pointerdown', (event) => {
      if (event.isPrimary) this.isPressed = true;
    });
    // A release anywhere ends the press (dragged off the button, it is no press of the button).
    const release = () => (this.isPressed = false);
    doc.addEventListener('pointerup', release, true);
    doc.addEventListener('pointercancel', release, true);
    this.stopWatchingRelease = () => {
      doc.removeEventListener('pointerup', release, true);
      doc.removeEventListener('pointercancel', release, true);
    };
    root.append(launcher.button);
    shadow.appendChild(root);
    this.render();
    (options.container ?? doc.body).appendChild(host);
    return this;
  }

  /** Whether the shopper opened the early panel (and has not closed it). */
  get opened(): boolean {
    return this.isOpen;
  }

  /**
   * Whether the shopper's pointer is down on the button and not yet released: the widget that
   * arrives in between takes the button's place, and the release must still count as the press.
   */
  get pressed(): boolean {
    return this.isPressed;
  }

  /** What the shopper typed in the early panel and has not sent. */
  get draft(): string {
    return this.field?.value ?? '';
  }

  /** Where the keyboard focus is inside the launcher, so the widget's own element can take it. */
  get focused(): 'launcher' | 'field' | undefined {
    const active = this.host?.shadowRoot?.activeElement;
    return active === this.field ? 'field' : active && active === this.launcher?.button ? 'launcher' : undefined;
  }

  /** Removes the host; idempotent. */
  destroy(): void {
    this.stopWatchingRelease?.();
    this.stopWatchingRelease = undefined;
    this.isPressed = false;
    this.host?.remove();
    this.host = undefined;
  }

  private setOpen(open: boolean): void {
    this.isOpen = open;
    if (open) this.panelOnce();
    this.render();
    if (open) this.field?.focus();
    this.events.open(open);
  }

  private render(): void {
    this.launcher?.update({ isOpen: this.isOpen, unread: 0 }, undefined);
    if (this.panel) this.panel.hidden = !this.isOpen;
  }

  /**
   * The early panel, built at the first press rather than in mount(): everything before the
   * button's first paint counts against the page, and most shoppers never press it before the
   * widget has come.
   */
  private panelOnce(): void {
    if (this.panel) return;
    // Only the launcher's button calls this, so the host and the button are there.
    adoptCss(this.host!.shadowRoot!, EARLY_CSS, this.options.nonce);
    this.launcher!.button.before((this.panel = this.buildPanel(this.language)));
  }

  private buildPanel(language: string): HTMLFormElement {
    const { doc } = this;
    const strings = this.options.strings ?? {};
    const [label, placeholder] = FIELD[language] ?? FIELD.en!;
    const panel = doc.createElement('form');
    panel.className = 'early';
    // Busy until the widget's panel replaces it: assistive technology waits rather than reads a bare box.
    panel.setAttribute('aria-busy', 'true');
    const sent = doc.createElement('div');
    sent.className = 'sent';
    const field = (this.field = doc.createElement('input'));
    field.type = 'text';
    field.autocomplete = 'off';
    field.enterKeyHint = 'send';
    field.setAttribute('aria-label', strings.messageLabel ?? label);
    field.placeholder = strings.placeholder ?? placeholder;
    panel.append(sent, field);
    panel.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = field.value;
      if (text.trim() === '') return;
      field.value = '';
      // Shown as typed, as a text node: the widget's panel shows it again with its delivery state.
      const line = doc.createElement('p');
      line.textContent = text;
      sent.append(line);
      this.events.submit(text);
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      this.setOpen(false);
      this.launcher?.button.focus();
    });
    return panel;
  }
}
