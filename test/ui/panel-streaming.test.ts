// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPanel } from '../../src/ui/panel/index';
import { parseMarkdown } from '../../src/ui/panel/text/markdown';
import { assistant, fakeController, shopper } from '../support/fake-ui';
import { growing, sampleAnswer } from '../support/markdown-shapes';

/**
 * The parser's work while the panel shows a streamed answer. The markdown module is wrapped so that
 * every parse the panel makes counts its steps into `work` (the parser before this change kept no
 * count, so for it a parse counts the characters it was handed: its least possible work).
 */
const work = vi.hoisted(() => ({ steps: 0 }));
vi.mock('../../src/ui/panel/text/markdown', async (importOriginal) => {
  type Module = typeof import('../../src/ui/panel/text/markdown');
  const real = await importOriginal<Module>();
  const counted: Module = {
    ...real,
    parseMarkdown: (source) => {
      const meter = { steps: 0 };
      const blocks = real.parseMarkdown(source, meter);
      work.steps += meter.steps || source.length;
      return blocks;
    },
  };
  if (real.MarkdownStream) {
    counted.MarkdownStream = class extends real.MarkdownStream {
      constructor() {
        super(work);
      }
    };
  }
  return counted;
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let hosts: HTMLElement[] = [];
let unmounts: (() => void)[] = [];
beforeEach(() => {
  hosts = [];
  unmounts = [];
});
afterEach(() => {
  unmounts.forEach((u) => u());
  hosts.forEach((h) => h.remove());
});

async function panel() {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const slot = document.createElement('div');
  shadow.appendChild(slot);
  const fake = fakeController();
  unmounts.push(mountPanel(slot, shadow, fake.controller));
  hosts.push(host);
  await flush();
  return { fake, bubble: () => shadow.querySelector('.msg.assistant[part~="message-assistant"]')! };
}

describe('panel streaming', () => {
  const oneLine = `Try **these**: ${'[Runner](https://shop.test/p/trail-2) or *a* '.repeat(500)}`.slice(0, 20_000);
  it.each([
    ['an ordinary answer', sampleAnswer(20_000), 2],
    ['an answer on one line', oneLine, 8],
  ] as const)('parses %s of 20k streamed in 200-character chunks a few times at most, and shows what a single render shows', async (_, text, most) => {
    work.steps = 0;
    parseMarkdown(text);
    const once = work.steps;

    const streamed = await panel();
    work.steps = 0;
    for (const shown of growing(text, 200)) {
      streamed.fake.setEntries([shopper('m1', 'shoes?'), assistant('r1', shown, { replyTo: 'm1', streaming: true })]);
      await flush();
    }
    streamed.fake.setEntries([shopper('m1', 'shoes?'), assistant('r1', text, { replyTo: 'm1' })]);
    await flush();
    const total = work.steps;

    // Parsing the whole text on each of the 100 chunks costs about 50 parses of the answer.
    expect(total / once).toBeLessThan(most);
    const whole = await panel();
    whole.fake.setEntries([shopper('m1', 'shoes?'), assistant('r1', text, { replyTo: 'm1' })]);
    await flush();
    expect(streamed.bubble().innerHTML).toBe(whole.bubble().innerHTML);
    expect(streamed.bubble().querySelectorAll('a[href="https://shop.test/p/trail-2"]').length).toBeGreaterThan(20);
  });
});
