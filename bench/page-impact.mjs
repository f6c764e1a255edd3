// 2. Page impact: the demo store page without the widget, with it, and with the peer, loaded in
// turn (interleaved, a fresh browser context each load so nothing is cached), same run.
import { existsSync } from 'node:fs';
import { heapAfterGc, metrics } from './lib/chromium.mjs';
import { ratio, sleep, spread, summary, table, within } from './lib/stats.mjs';

/** Installed before any page script: long tasks, layout shifts and when a launcher appears. */
const INSTRUMENT = (script) => {
  const b = (window.__bench = { longtasks: [], cls: 0, shifts: [], launcherAt: null, paintedAt: null, runAt: null });
  // When the measured script starts to run: its first statement reads document.currentScript (ours
  // do, at top level, and the floor's does), so the getter says when the main thread got to it,
  // however long other tasks held it after the script had arrived.
  const getter = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript').get;
  Object.defineProperty(Document.prototype, 'currentScript', {
    configurable: true,
    get() {
      const current = getter.call(this);
      if (b.runAt === null && script && current && new URL(current.src, location.href).pathname === script) b.runAt = performance.now();
      return current;
    },
  });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      if (e.hadRecentInput) continue;
      b.cls += e.value;
      // A shift is the widget's when one of the moved nodes is (in) its host or the peer's container.
      const mine = (n) => Boolean(n && (n.getRootNode?.() instanceof ShadowRoot || n.closest?.('[data-ai-discovery], .rw-widget-container')));
      const sources = e.sources ?? [];
      b.shifts.push({ at: e.startTime, value: e.value, widget: sources.some((s) => mine(s.node)), sources: sources.map((s) => s.node?.nodeName ?? '?') });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const found = () => {
    const host = document.querySelector('[data-ai-discovery]');
    return Boolean(host?.shadowRoot?.querySelector('.launcher') ?? document.querySelector('.rw-launcher'));
  };
  const observer = new MutationObserver(() => {
    if (b.launcherAt !== null || !found()) return;
    b.launcherAt = performance.now();
    observer.disconnect();
    // Interactive: its click listener is attached before it is in the DOM (ours and the floor's), so
    // what is left is the frame that paints it. A rAF callback runs before that frame's style,
    // layout and paint; a message posted from it is handled after them.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { b.paintedAt = performance.now(); };
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
};

const VARIANTS = [
  { name: 'none', path: '/none.html', script: null },
  { name: 'widget', path: '/index.html', script: '/dist/cdn/ai-discovery.js' },
  // The loader fetches the bundle when the page is idle: less work before load, a later launcher.
  { name: 'loader', path: '/loader.html', script: '/dist/cdn/loader.js' },
  // The launcher draws the button at once and fetches the bundle only when the shopper heads for it
  // (or 10 s after load): measured when the build has it.
  { name: 'launcher', path: '/launcher.html', script: '/dist/cdn/launcher.js', optional: 'dist/cdn/launcher.js' },
  { name: 'peer', path: '/peer.html', script: '/peer/rasa-webchat.js' },
  // The floor: the store page with the least any launcher can do, a deferred script that draws one
  // styled button in a shadow root with a click listener. Same run, same page, same measurement, so
  // "ours / floor" holds when the machine's load moves every figure.
  { name: 'floor', path: '/floor.html', script: '/floor.js' },
];

/** The floor's script; its first statement reads currentScript, as ours do. */
const FLOOR_JS = `(function (script) {
  var host = document.createElement('div');
  host.setAttribute('data-ai-discovery', '');
  var shadow = host.attachShadow({ mode: 'open' });
  var sheet = new CSSStyleSheet();
  sheet.replaceSync('.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border: 0; border-radius: 50%; background: #0a7c52; cursor: pointer; }');
  shadow.adoptedStyleSheets = [sheet];
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('aria-label', 'Open chat');
  button.addEventListener('click', function () { host.dataset.pressed = ''; });
  shadow.appendChild(button);
  document.body.appendChild(host);
})(document.currentScript);`;

/** Serves the floor page (the no-widget page plus the floor's deferred script, after the same no-op mark) in `context`. */
async function routeFloor(context, noneHtml) {
  const mark = '<script defer src="data:text/javascript,window.__benchEvalMark%3Dperformance.now()"></script>';
  const html = noneHtml.replace('</body>', `  ${mark}\n  <script src="/floor.js" defer></script>\n</body>`);
  await context.route('**/floor.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await context.route('**/floor.js', (route) => route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: FLOOR_JS }));
}

async function loadOnce(browser, base, variant, settleMs, noneHtml) {
  const context = await browser.newContext();
  if (variant.name === 'floor') await routeFloor(context, noneHtml);
  if (variant.route) await variant.route(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.addInitScript(INSTRUMENT, variant.script);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(base + variant.path, { waitUntil: 'load', timeout: 15_000 });
    if (variant.script) await page.waitForFunction(() => window.__bench.paintedAt !== null, null, { timeout: 10_000, polling: 20 }).catch(() => {});
    await sleep(settleMs); // the panel chunk loads when the page is idle: count it
    const inPage = await page.evaluate((script) => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = script ? performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === script) : undefined;
      return { bench: window.__bench, nav: nav.toJSON(), res: res?.toJSON(), memory: performance.memory?.usedJSHeapSize, mark: window.__benchEvalMark };
    }, variant.script);
    const m = await metrics(cdp);
    const heapGc = await heapAfterGc(cdp);
    const { nav, res, bench, mark } = inPage;
    // A deferred script runs once parsing has ended, the stylesheets before it have loaded and it
    // has been fetched, before DOMContentLoaded. The bench page's deferred no-op just before it
    // (bench-server's EVAL_MARK) says when the browser got to the deferred scripts: domInteractive
    // alone can be hundreds of ms earlier on a busy machine, and counted that wait as ours.
    const evalStart = res ? Math.max(mark ?? nav.domInteractive, res.responseEnd) : undefined;
    return {
      errors,
      scriptMs: m.ScriptDuration * 1000,
      taskMs: m.TaskDuration * 1000,
      layoutMs: (m.LayoutDuration + m.RecalcStyleDuration) * 1000,
      heapBeforeGc: m.JSHeapUsedSize,
      heapGc,
      nodes: m.Nodes,
      evalMs: res ? nav.domContentLoadedEventStart - evalStart : undefined,
      launcherFromNav: bench.launcherAt ?? undefined,
      launcherFromEval: bench.launcherAt !== null && evalStart !== undefined ? bench.launcherAt - evalStart : undefined,
      interactiveFromEval: bench.paintedAt !== null && evalStart !== undefined ? bench.paintedAt - evalStart : undefined,
      // From the script's first statement: leaves out the time other tasks held the main thread
      // after the script arrived (and the script's compile, under a millisecond for these sizes).
      interactiveFromRun: bench.paintedAt !== null && bench.runAt !== null ? bench.paintedAt - bench.runAt : undefined,
      waitBeforeRun: bench.runAt !== null && evalStart !== undefined ? bench.runAt - evalStart : undefined,
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      longtasks: bench.longtasks.filter((t) => t.duration > 50),
      longtaskTotal: bench.longtasks.filter((t) => t.duration > 50).reduce((s, t) => s + t.duration, 0),
      cls: bench.cls,
      widgetCls: bench.shifts.filter((x) => x.widget).reduce((sum, x) => sum + x.value, 0),
      shifts: bench.shifts,
    };
  } finally {
    await context.close();
  }
}

export async function measurePageImpact({ browser, server, runs = 12, settleMs = 1000, peer = true, launcherBefore }) {
  const variants = VARIANTS.filter((v) => (peer || v.name !== 'peer') && (!v.optional || existsSync(v.optional)));
  if (launcherBefore) variants.push(await beforeVariant(server, launcherBefore));
  const noneHtml = await (await fetch(`${server.url}/none.html`)).text();
  const results = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (const v of variants) await within(loadOnce(browser, server.url, v, 300, noneHtml), 30_000, `warm-up ${v.name}`); // warm-up, discarded
  for (let i = 0; i < runs; i += 1) {
    for (const v of variants) results[v.name].push(await within(loadOnce(browser, server.url, v, settleMs, noneHtml), 30_000, `page ${v.name}`));
  }
  const stat = (name, key) => summary(results[name].map((r) => r[key]));
  const keys = ['scriptMs', 'taskMs', 'layoutMs', 'heapGc', 'dcl', 'load', 'evalMs', 'launcherFromNav', 'launcherFromEval', 'interactiveFromEval', 'interactiveFromRun', 'waitBeforeRun', 'longtaskTotal', 'cls', 'widgetCls'];
  const s = Object.fromEntries(variants.map((v) => [v.name, Object.fromEntries(keys.map((k) => [k, stat(v.name, k)]))]));
  const longCount = (name) => results[name].reduce((n, r) => n + r.longtasks.length, 0);
  const shiftsSeen = (name) => results[name].flatMap((r) => r.shifts).slice(0, 5);
  const errors = Object.fromEntries(variants.map((v) => [v.name, [...new Set(results[v.name].flatMap((r) => r.errors))]]));
  const MB = (x) => (x / 1024 / 1024);
  const row = (label, key, unit, f = (x) => x, digits) => {
    const cells = variants.map((v) => spread(mapSummary(s[v.name][key], f), unit, digits));
    const extra = [ratio(s.widget[key].median, s.none[key].median)];
    if (peer) extra.push(ratio(s.peer[key].median, s.none[key].median), ratio(s.widget[key].median, s.peer[key].median));
    return [label, ...cells, ...extra];
  };
  const head = ['per page load (median, p5–p95)', ...variants.map((v) => ({ none: 'store page, no widget', widget: 'with our widget (script tag)', loader: 'with our loader snippet', launcher: 'with our launcher (script tag)', peer: 'with rasa-webchat', floor: 'with a bare button (floor)', before: 'with another build of the launcher' }[v.name])), 'ours / none'];
  if (peer) head.push('peer / none', 'ours / peer');
  const rows = [
    row('total script time (CDP ScriptDuration)', 'scriptMs', ' ms'),
    row('total main-thread task time (CDP TaskDuration)', 'taskMs', ' ms'),
    row('style + layout time', 'layoutMs', ' ms'),
    row('JS heap after mount, after GC', 'heapGc', ' MB', MB, 2),
    row('DOMContentLoaded', 'dcl', ' ms'),
    row('load event end', 'load', ' ms'),
  ];
  const rows2 = variants.filter((v) => v.script).map((v) => [
    { widget: 'our widget (script tag)', loader: 'our loader snippet (bundle on idle; times from the loader)', launcher: 'our launcher (button at once, bundle at the first touch; times from the launcher)', peer: 'rasa-webchat', floor: 'floor: a bare button in a shadow root (the least a launcher can do)', before: `the launcher as built in ${launcherBefore}` }[v.name],
    // An async script has no evaluation window before DOMContentLoaded to measure.
    v.name === 'loader' ? 'n/a (async)' : spread(s[v.name].evalMs, ' ms'),
    spread(s[v.name].launcherFromNav, ' ms'),
    spread(s[v.name].launcherFromEval, ' ms'),
    spread(s[v.name].interactiveFromEval, ' ms'),
    spread(s[v.name].interactiveFromRun, ' ms'),
    `${ratio(s[v.name].interactiveFromEval.median, s.floor.interactiveFromEval.median)} / ${ratio(s[v.name].interactiveFromRun.median, s.floor.interactiveFromRun.median)}`,
    `${longCount(v.name)} in ${runs} loads (none page: ${longCount('none')})`,
    `${spread(s[v.name].cls, '', 4)}; none page ${spread(s.none.cls, '', 4)}`,
    `${s[v.name].widgetCls.max.toFixed(4)}`,
  ]);
  const markdown = [
    `${runs} loads of each page, interleaved, each in a fresh browser context (cold cache), served from 127.0.0.1; after \`load\` and the launcher, ${settleMs} ms settle (our panel chunk loads when the page is idle, so it is counted), then CDP \`Performance.getMetrics\` and, after \`HeapProfiler.collectGarbage\`, the JS heap.`,
    '',
    table(head, rows),
    '',
    table(['widget', 'script evaluation (deferred script: DOMContentLoaded − max(the deferred no-op before it, script responseEnd))', 'launcher in DOM, from navigation start', 'launcher in DOM, from script evaluation start', 'launcher interactive (listener attached, button painted), from script evaluation start', 'launcher interactive, from the script\'s first statement', '÷ floor (medians: from evaluation start / from first statement)', 'long tasks > 50 ms', 'cumulative layout shift (whole page)', 'layout shift of the widget\'s own nodes, max over loads'], rows2),
    '',
    'The store page shifts a little by itself (its product grid, also without any widget); a shift counts as the widget\'s when one of its moved nodes is inside the widget\'s host (or rasa-webchat\'s container).',
    '',
    '"Launcher in DOM" is the first MutationObserver callback that finds `[data-ai-discovery]` with `.launcher` in its shadow root (rasa-webchat: `.rw-launcher`). "Launcher interactive" is when that button is painted, its click listener being attached before it is in the DOM: a message posted from the next `requestAnimationFrame` callback, which is handled after that frame\'s style, layout and paint. "Script evaluation start" is the later of the deferred no-op just before the script and the script\'s `responseEnd`; "first statement" is the script\'s first read of `document.currentScript`, which leaves out the time other tasks held the main thread once the script had arrived. The floor is the same store page with a deferred script that draws one styled button in a shadow root with a click listener, loaded in the same rounds: a ratio to it holds when the machine\'s load moves every figure.',
  ];
  const notes = [];
  for (const v of variants) if (errors[v.name].length) notes.push(`Page errors on the ${v.name} page: ${errors[v.name].slice(0, 3).join('; ')}`);
  if (s.widget.cls.max > 0) notes.push(`Layout shifts with our widget (first few): ${JSON.stringify(shiftsSeen('widget'))}`);
  if (peer && s.peer.cls.max > 0) notes.push(`Layout shifts with the peer (first few): ${JSON.stringify(shiftsSeen('peer'))}`);
  if (notes.length) markdown.push('', ...notes.map((n) => `- ${n}`));
  return { summary: s, longCount: Object.fromEntries(variants.map((v) => [v.name, longCount(v.name)])), markdown: markdown.join('\n') };
}

function mapSummary(s, f) {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'n' ? v : f(v)]));
}

/**
 * The launcher page with another build of the launcher (`file`, e.g. a copy of dist/cdn/launcher.js
 * taken before a change), so a change is measured against what it replaces in the same run.
 */
async function beforeVariant(server, file) {
  const { readFileSync } = await import('node:fs');
  const html = (await (await fetch(`${server.url}/launcher.html`)).text()).replace('/dist/cdn/launcher.js', '/dist/cdn/launcher-before.js');
  const code = readFileSync(file, 'utf8');
  return {
    name: 'before',
    path: '/launcher-before.html',
    script: '/dist/cdn/launcher-before.js',
    route: async (context) => {
      await context.route('**/launcher-before.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
      await context.route('**/dist/cdn/launcher-before.js', (route) => route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: code }));
    },
  };
}

// `node bench/page-impact.mjs [runs] [launcher-before.js]`: this section alone (no peer), printed
// rather than written; with a second argument, that build of the launcher is measured beside ours.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchServer } = await import('./lib/bench-server.mjs');
  const { launchChromium } = await import('./lib/chromium.mjs');
  const server = await startBenchServer();
  const browser = await launchChromium();
  try {
    const { markdown } = await measurePageImpact({ browser, server, runs: Number(process.argv[2] ?? 12), peer: false, launcherBefore: process.argv[3] });
    console.log(markdown);
  } finally {
    await browser.close();
    await server.close();
  }
}
