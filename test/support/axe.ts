import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One failing node of one axe rule, in a form a reader can act on. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** axe's selector; a node inside a shadow root is "host >>> inner". */
  target: string;
  /** True when the node is the widget's host or inside its shadow root. */
  inWidget: boolean;
  summary: string;
}

/**
 * Runs axe-core (the version in node_modules) on the whole document, open shadow roots included,
 * and returns every violation node. It is added with `page.addScriptTag`, so the page must not
 * have a CSP that refuses inline scripts (the demo pages have none).
 */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type AxeNode = { target: (string | string[])[]; impact?: string; failureSummary?: string; element?: Element };
    type AxeResult = { id: string; impact?: string; help: string; helpUrl: string; nodes: AxeNode[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeResult[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'], elementRef: true });
    const host = document.querySelector('[data-ai-discovery]');
    return violations.flatMap((v) =>
      v.nodes.map((node) => {
        const el = node.element;
        const root = el?.getRootNode();
        const inWidget = Boolean(host && el && (el === host || (root instanceof ShadowRoot && root.host === host)));
        return {
          rule: v.id,
          impact: node.impact ?? v.impact ?? 'unknown',
          help: v.help,
          helpUrl: v.helpUrl,
          target: node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | '),
          inWidget,
          summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
        };
      }),
    );
  });
}

export const isSeriousOrCritical = (f: AxeFinding) => f.impact === 'serious' || f.impact === 'critical';

/** "rule (impact) at target: summary", one per line, for failure messages. */
export const formatFindings = (findings: AxeFinding[]) =>
  findings.map((f) => `${f.rule} (${f.impact}) at ${f.target}: ${f.summary} [${f.helpUrl}]`).join('\n');

/**
 * Waits for the widget's finite animations (panel rise, message fade-in) to end, so contrast is
 * measured on the final colours rather than a half-transparent frame. Endless ones (typing dots)
 * are left running.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const root = document.querySelector('[data-ai-discovery]')?.shadowRoot;
    if (!root) return;
    const finite = root.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
}
