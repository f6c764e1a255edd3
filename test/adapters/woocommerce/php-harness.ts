import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * Runs the real plugin under php-cli on the WordPress stand-in (examples/woocommerce/wordpress/
 * stand-in.php). WordPress and WooCommerce cannot run here: WordPress needs a MySQL database, and
 * neither is packaged in Debian or on npm in a runnable form. The stand-in implements the functions
 * the plugin calls with WordPress's behaviour for those arguments, and records the calls.
 */

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SOURCE_DIR = `${ROOT}adapters/woocommerce`;
/** The built plugin: what the zip holds, with the version written in. */
export const PLUGIN_DIR = `${ROOT}dist/woocommerce/ai-discovery-widget`;
export const PLUGIN_MAIN = `${PLUGIN_DIR}/ai-discovery-widget.php`;
export const ZIP = `${ROOT}dist/woocommerce/ai-discovery-widget.zip`;
export const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
export const OPTION = 'ai_discovery_widget_settings';
const DRIVER = fileURLToPath(new URL('./php/run-plugin.php', import.meta.url));

export interface Call {
  function: string;
  args: unknown[];
}

export interface Report {
  calls: Call[];
  /** Options per site id. */
  options: Record<string, Record<string, unknown>>;
  settings: Record<string, Record<string, unknown>>;
  errors: { setting: string; code: string; message: string; type: string }[];
  scripts: Record<string, { src: string; deps: string[]; ver: string; args: Record<string, unknown>; before: string[]; after: string[] }>;
  pages: Record<string, { title: string; capability: string; parent: string }>;
  hooks: string[];
  textdomains: Record<string, string>;
}

export interface Run {
  steps: { output: string; result: unknown }[];
  report: Report;
}

export type Step =
  | { do: 'front' | 'admin' | 'settings_page' | 'action_links' | 'notices' }
  | { do: 'submit'; post: Record<string, unknown> }
  | { do: 'update_option'; option: string; value: unknown }
  | { do: 'uninstall'; file: string }
  | { do: 'identity'; customer: string; now: number };

export interface Scenario {
  world?: Record<string, unknown>;
  woocommerce?: boolean;
  constants?: Record<string, string>;
  steps: Step[];
}

export const ADMIN = { id: 1, caps: ['manage_options', 'activate_plugins', 'read'] };
export const SHOPPER = { id: 42, caps: ['read'] };

/** Runs a scenario; a PHP error or notice fails the test with PHP's own words. */
export function runPlugin(scenario: Scenario, php = process.env.PHP_BINARY ?? 'php'): Run {
  const result = spawnSync(php, ['-d', 'display_errors=stderr', '-d', 'error_reporting=-1', DRIVER], {
    input: JSON.stringify({ plugin: PLUGIN_MAIN, ...scenario }),
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`php-cli is needed for the WordPress tests (apt-get install php-cli): ${result.error.message}`);
  if (result.status !== 0 || result.stderr !== '') throw new Error(`PHP failed (${result.status}): ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as Run;
}

export function callsOf(run: Run, name: string): unknown[][] {
  return run.report.calls.filter((c) => c.function === name).map((c) => c.args);
}

/** The configuration object the inline script assigns, parsed as the browser would read it. */
export function inlineConfig(run: Run): Record<string, unknown> {
  const inline = callsOf(run, 'wp_add_inline_script');
  if (inline.length !== 1) throw new Error(`expected one inline script, got ${inline.length}`);
  const data = String(inline[0]![1]);
  const match = /^window\.aiDiscoveryWoo = (.*);$/s.exec(data);
  if (!match) throw new Error(`unexpected inline script: ${data}`);
  return JSON.parse(match[1]!) as Record<string, unknown>;
}
