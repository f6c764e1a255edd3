import type { UiStrings } from './i18n/strings.js';
import type { WidgetSnapshot } from './types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const BUBBLE = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';

/**
 * The chat bubble, in plain DOM: it is all most shoppers ever see, so it is drawn without waiting
 * for the panel's code. Everything it shows comes from the snapshot; `update` is cheap enough to
 * call on every change.
 */
export class Launcher {
  readonly button: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly count: Text;
  private readonly hint: HTMLSpanElement;

  constructor(doc: Document, private readonly strings: Pick<UiStrings, 'openChat' | 'closeChat' | 'unread'>, onClick: () => void) {
    this.button = doc.createElement('button');
    this.button.type = 'button';
    this.button.className = 'launcher';
    this.button.setAttribute('part', 'launcher');
    this.button.addEventListener('click', onClick);
    const svg = doc.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', BUBBLE);
    svg.appendChild(path);
    this.badge = doc.createElement('span');
    this.badge.className = 'badge';
    this.badge.setAttribute('part', 'badge');
    this.count = doc.createTextNode('');
    this.hint = doc.createElement('span');
    this.hint.className = 'sr-only';
    this.badge.append(this.count, this.hint);
    this.button.append(svg);
  }

  update(snapshot: Pick<WidgetSnapshot, 'isOpen' | 'unread'>, controls: string | undefined): void {
    const { button, strings } = this;
    button.setAttribute('aria-label', snapshot.isOpen ? strings.closeChat : strings.openChat);
    button.setAttribute('aria-expanded', String(snapshot.isOpen));
    if (controls) button.setAttribute('aria-controls', controls);
    const unread = snapshot.isOpen ? 0 : snapshot.unread;
    if (unread > 0) {
      this.count.data = String(unread);
      this.hint.textContent = ` ${strings.unread}`;
      if (!this.badge.isConnected) button.appendChild(this.badge);
    } else {
      this.badge.remove();
    }
  }
}
