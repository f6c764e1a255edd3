import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hmacIdentityVerifier, signIdentity } from '../../../src/server/index';
import { ADMIN, callsOf, inlineConfig, OPTION, PLUGIN_DIR, PLUGIN_MAIN, ROOT, runPlugin, SHOPPER, SOURCE_DIR, VERSION, type Run } from './php-harness';

/*
 * The plugin's PHP, run by php-cli on a stand-in for WordPress (see php-harness.ts for why
 * WordPress itself cannot run here). `npm test` builds first; these read the built plugin.
 */

const SERVER = 'https://chat.example.com';
const SECRET = 'k'.repeat(24) + '-0123456789abcdef';
/** The chat server's own check of a token (its request argument is unused by this hook). */
const verify = (secret: string, token: unknown) => hmacIdentityVerifier({ secret })({ sessionId: 's1', token: token as string, client: 'test' }, {} as IncomingMessage);
const configured = (settings: Record<string, unknown> = {}) => ({ [OPTION]: { server_url: SERVER, ...settings } });

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : phpFiles(path);
    return name.endsWith('.php') ? [path] : [];
  });
}

function front(world: Record<string, unknown>, extra: Partial<Parameters<typeof runPlugin>[0]> = {}): Run {
  return runPlugin({ world, steps: [{ do: 'front' }], ...extra });
}

describe('the plugin files', () => {
  const files = [...phpFiles(SOURCE_DIR), ...phpFiles(PLUGIN_DIR), ...phpFiles(`${ROOT}examples/woocommerce`), ...phpFiles(`${ROOT}test/adapters/woocommerce`)];

  it('php -l finds no syntax error in any PHP file (source, built plugin, stand-in, drivers)', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const file of files) {
      const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
      expect(lint.error, 'php-cli is needed: apt-get install php-cli').toBeUndefined();
      expect(`${file}: ${lint.stdout.trim()}`).toBe(`${file}: No syntax errors detected in ${file}`);
    }
  });

  it('every plugin file refuses to run outside WordPress, printing nothing', () => {
    const pluginFiles = phpFiles(PLUGIN_DIR);
    expect(pluginFiles.map((f) => f.slice(PLUGIN_DIR.length + 1)).sort()).toEqual([
      'ai-discovery-widget.php',
      'includes/class-ai-discovery-widget-frontend.php',
      'includes/class-ai-discovery-widget-identity.php',
      'includes/class-ai-discovery-widget-options.php',
      'includes/class-ai-discovery-widget-settings.php',
      'uninstall.php',
    ]);
    for (const file of pluginFiles) {
      const source = readFileSync(file, 'utf8');
      const guard = file.endsWith('uninstall.php') ? "defined( 'WP_UNINSTALL_PLUGIN' ) || exit;" : "defined( 'ABSPATH' ) || exit;";
      // The guard is the first statement, before anything that could run or print.
      const firstStatement = source.replace(/^<\?php\s*/, '').replace(/^(\/\*[\s\S]*?\*\/|\/\/[^\n]*|\s+)*/, '');
      expect(firstStatement.startsWith(guard), file).toBe(true);
      const direct = spawnSync('php', [file], { encoding: 'utf8' });
      expect({ file, status: direct.status, out: direct.stdout + direct.stderr }).toEqual({ file, status: 0, out: '' });
    }
  });

  it('the main file has a complete plugin header, and the build wrote package.json\'s version into it', () => {
    const header = readFileSync(PLUGIN_MAIN, 'utf8').slice(0, 8192);
    const field = (name: string) => new RegExp(`^\\s*\\*\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(header)?.[1];
    expect(field('Plugin Name')).toBe('AI Discovery Widget');
    expect(field('Description')?.length).toBeGreaterThan(40);
    expect(field('Version')).toBe(VERSION);
    expect(field('Requires at least')).toBe('6.3');
    expect(field('Requires PHP')).toMatch(/^7\.4|^8\./);
    expect(field('Requires Plugins')).toBe('woocommerce');
    expect(field('Author')).toBeTruthy();
    expect(field('License')).toBe('MIT');
    expect(field('Text Domain')).toBe('ai-discovery-widget');
    expect(field('Domain Path')).toBe('/languages');
    // The versions the plugin was last checked on (FACTS.md): WordPress 7.1 with WooCommerce 9.2.
    expect(field('WC requires at least')).toBe('8.3');
    expect(field('WC tested up to')).toBe('9.2');
    expect(statSync(join(PLUGIN_DIR, 'languages')).isDirectory()).toBe(true);
    expect(header).toContain(`define( 'AI_DISCOVERY_WIDGET_VERSION', '${VERSION}' );`);
    const readme = readFileSync(join(PLUGIN_DIR, 'readme.txt'), 'utf8');
    expect(readme).toMatch(/^=== AI Discovery Widget ===$/m);
    expect(/^Stable tag:\s*(\S+)$/m.exec(readme)?.[1]).toBe(VERSION);
    expect(/^Requires at least:\s*(\S+)$/m.exec(readme)?.[1]).toBe('6.3');
    expect(/^Requires PHP:\s*(\S+)$/m.exec(readme)?.[1]).toBe(field('Requires PHP'));
    expect(/^Tested up to:\s*(\S+)$/m.exec(readme)?.[1]).toBe('7.1');
    for (const section of ['Description', 'Installation', 'Frequently Asked Questions', 'Changelog']) expect(readme).toContain(`== ${section} ==`);
  });

  it('loads its text domain from languages/, every string uses it, and the .pot lists every string', () => {
    const run = runPlugin({ world: { options: configured() }, steps: [] });
    expect(callsOf(run, 'load_plugin_textdomain')).toEqual([['ai-discovery-widget', false, 'ai-discovery-widget/languages']]);
    const extract = spawnSync('php', [`${ROOT}test/adapters/woocommerce/php/gettext-calls.php`, ...phpFiles(SOURCE_DIR)], { encoding: 'utf8' });
    const calls = JSON.parse(extract.stdout) as { file: string; line: number; msgid: string | null; domain: string | null }[];
    expect(calls.length).toBeGreaterThan(20);
    for (const call of calls) {
      expect(call.msgid, `${call.file}:${call.line}`).toEqual(expect.any(String));
      expect(call.domain, `${call.file}:${call.line}`).toBe('ai-discovery-widget');
    }
    const pot = readFileSync(join(PLUGIN_DIR, 'languages/ai-discovery-widget.pot'), 'utf8');
    const potIds = new Set([...pot.matchAll(/^msgid "((?:[^"\\]|\\.)*)"$/gm)].map((m) => JSON.parse(`"${m[1]}"`) as string));
    const missing = calls.map((c) => c.msgid!).filter((id) => !potIds.has(id));
    expect(missing).toEqual([]);
  });
});

describe('the storefront scripts', () => {
  it('enqueues the plugin script and then the launcher (never the bundle) with the version, deferred in the footer, and the config before them', () => {
    const run = front({ options: configured() });
    const [script, launcher, ...more] = callsOf(run, 'wp_enqueue_script');
    expect(script).toEqual([
      'ai-discovery-widget',
      'https://shop.example/wp-content/plugins/ai-discovery-widget/assets/ai-discovery-woo.js',
      [],
      VERSION,
      { strategy: 'defer', in_footer: true },
    ]);
    expect(launcher).toEqual([
      'ai-discovery-widget-launcher',
      'https://shop.example/wp-content/plugins/ai-discovery-widget/assets/launcher.js',
      ['ai-discovery-widget'],
      VERSION,
      { strategy: 'defer', in_footer: true },
    ]);
    expect(more).toEqual([]);
    const inline = callsOf(run, 'wp_add_inline_script');
    expect(inline.map(([handle, , position]) => [handle, position])).toEqual([['ai-discovery-widget', 'before']]);
    // What WordPress prints: config, then both tags deferred; no 'after' script (it would undo the defer).
    const html = run.steps[0]!.output;
    const order = ['id="ai-discovery-widget-js-before"', 'id="ai-discovery-widget-js" defer', 'id="ai-discovery-widget-launcher-js" defer'].map((s) => html.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain('-js-after');
    expect(html).toContain(`assets/ai-discovery-woo.js?ver=${VERSION}`);
  });

  it('passes the server, the Store API route and nonce, the panel URL with the version, and the look', () => {
    const config = inlineConfig(front({ options: configured({ accent: '#ffe14d', position: 'left', greeting: 'Hello!' }), nonce: 'f00dcafe12' }));
    expect(config).toMatchObject({
      socketUrl: SERVER,
      addItemUrl: 'https://shop.example/wp-json/wc/store/v1/cart/add-item',
      nonce: 'f00dcafe12',
      panelUrl: `https://shop.example/wp-content/plugins/ai-discovery-widget/assets/ai-discovery.panel.js?ver=${VERSION}`,
      accent: '#ffe14d',
      // Black text on a light accent, white on the default dark blue.
      accentText: '#000000',
      position: 'left',
      strings: { greeting: 'Hello!' },
    });
    expect(inlineConfig(front({ options: configured() }))).toMatchObject({ accent: '#1f4fd1', accentText: '#ffffff', position: 'right' });
    expect(inlineConfig(front({ options: configured() }))).not.toHaveProperty('strings');
    expect(callsOf(front({ options: configured() }), 'wp_create_nonce')).toContainEqual(['wc_store_api']);
  });

  it('passes the page type, the product, the cart, the currency and the locale as BCP 47', () => {
    const world = {
      options: configured(),
      page: { type: 'product', id: 7 },
      currency: 'EUR',
      locale: 'de_DE_formal',
      products: { 7: { name: 'Beanie &amp; "Co" <b>wool</b>', price: '18.50' }, 9: { name: 'Scarf', price: '5', in_stock: false }, 11: { name: 'Mittens – red', price: '12' } },
      cart: [{ product_id: 9, quantity: 2 }, { product_id: 10, variation_id: 11, quantity: 1 }],
    };
    expect(inlineConfig(front(world)).context).toEqual({
      platform: 'woocommerce',
      locale: 'de-DE',
      currency: 'EUR',
      page: { type: 'product' },
      product: { id: '7', title: 'Beanie & "Co" wool', price: { amount: 18.5, currency: 'EUR' }, available: true },
      cart: { count: 3, items: [{ id: '9', title: 'Scarf', quantity: 2 }, { id: '11', title: 'Mittens – red', quantity: 1 }], total: { amount: 22, currency: 'EUR' } },
    });
    const types = ['shop', 'product_category', 'cart', 'checkout', 'search', 'home', 'page'].map((type) => (inlineConfig(front({ options: configured(), page: { type, id: 0 } })).context as { page: { type: string } }).page.type);
    expect(types).toEqual(['shop', 'category', 'cart', 'checkout', 'search', 'home', 'other']);
    const locales = ['pt_BR', 'en', 'es_419', 'zh_CN', ''].map((locale) => (inlineConfig(front({ options: configured(), locale })).context as { locale: string }).locale);
    expect(locales).toEqual(['pt-BR', 'en', 'es-419', 'zh-CN', 'en']);
  });

  it('signs a logged-in customer\'s id as the chat server\'s hmacIdentityVerifier expects', async () => {
    const config = inlineConfig(front({ options: configured({ identity_secret: SECRET }), user: SHOPPER }));
    expect((config.context as { customerId: string }).customerId).toBe('42');
    expect(await verify(SECRET, config.token)).toEqual({ identity: 'customer:42' });
    expect(await verify(SECRET.replace('k', 'K'), config.token)).toBe(false);
    // Byte for byte the server's own signIdentity at the same second.
    const fixed = runPlugin({ world: { options: configured({ identity_secret: SECRET }) }, steps: [{ do: 'identity', customer: '42', now: 1_700_000_000 }] });
    expect(fixed.steps[0]!.result).toBe(signIdentity(SECRET, '42', 1_700_000_000_000));
  });

  it('sends no token without a secret or a login, and prefers the wp-config.php constant to the setting', async () => {
    const noSecret = inlineConfig(front({ options: configured(), user: SHOPPER }));
    expect(noSecret).not.toHaveProperty('token');
    expect((noSecret.context as { customerId: string }).customerId).toBe('42');
    const guest = inlineConfig(front({ options: configured({ identity_secret: SECRET }) }));
    expect(guest).not.toHaveProperty('token');
    expect(guest.context).not.toHaveProperty('customerId');
    const constant = 'c'.repeat(40);
    const fromConstant = inlineConfig(front({ options: configured({ identity_secret: SECRET }), user: SHOPPER }, { constants: { AI_DISCOVERY_IDENTITY_SECRET: constant } }));
    expect(await verify(constant, fromConstant.token)).toEqual({ identity: 'customer:42' });
  });

  it('keeps hostile setting values and product names inside the inline script, and hands them over intact', () => {
    const hostile = '</script><script>alert(1)</script><!-- \u2028 \' " & \\ ${x}';
    const run = front({
      options: configured({ greeting: hostile, server_url: `${SERVER}/"><img src=x onerror=alert(1)>` }),
      page: { type: 'product', id: 5 },
      products: { 5: { name: '<!--<script>alert(2)</script>--> 5" Ruler & Co', price: '1' } },
    });
    const html = run.steps[0]!.output;
    const start = html.indexOf('<script id="ai-discovery-widget-js-before">');
    const body = html.slice(start + '<script id="ai-discovery-widget-js-before">'.length, html.indexOf('</script>', start));
    // Nothing in the script body can end the element, open a comment or start another script.
    expect(body).not.toMatch(/<\/script|<!--|<script/i);
    expect(body).not.toMatch(/[<>]/);
    const config = JSON.parse(/window\.aiDiscoveryWoo = (.*);\s*$/s.exec(body)![1]!) as { strings: { greeting: string }; socketUrl: string; context: { product: { title: string } } };
    expect(config.strings.greeting).toBe(hostile);
    expect(config.socketUrl).toBe(`${SERVER}/"><img src=x onerror=alert(1)>`);
    expect(config.context.product.title).toBe('5" Ruler & Co');
    // Every tag WordPress prints keeps its attributes: the src values went through esc_url.
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0].replace(/src="[^"]*"/, 'src=…'))).toEqual([
      '<script id="ai-discovery-widget-js-before">',
      '<script src=… id="ai-discovery-widget-js" defer data-wp-strategy="defer">',
      '<script src=… id="ai-discovery-widget-launcher-js" defer data-wp-strategy="defer">',
    ]);
  });

  it('enqueues nothing when switched off, without a server URL, or without WooCommerce (whose absence admins are told)', () => {
    expect(callsOf(front({ options: configured({ enabled: false }) }), 'wp_enqueue_script')).toEqual([]);
    expect(callsOf(front({ options: {} }), 'wp_enqueue_script')).toEqual([]);
    expect(callsOf(front({ options: configured() }, { woocommerce: false }), 'wp_enqueue_script')).toEqual([]);
    const admin = runPlugin({ world: { options: configured(), admin: true, user: ADMIN }, woocommerce: false, steps: [{ do: 'notices' }] });
    expect(admin.steps[0]!.output).toContain('needs WooCommerce');
    const editor = runPlugin({ world: { options: configured(), admin: true, user: SHOPPER }, woocommerce: false, steps: [{ do: 'notices' }] });
    expect(editor.steps[0]!.output).toBe('');
  });
});

describe('the settings page', () => {
  const stored = (run: Run) => run.report.options['1']![OPTION] as Record<string, unknown>;
  const submit = (post: Record<string, unknown>, before: Record<string, unknown> = {}, user = ADMIN) =>
    runPlugin({ world: { options: { [OPTION]: { server_url: SERVER, accent: '#123456', greeting: 'Hi', position: 'right', enabled: true, identity_secret: SECRET, ...before } }, user, admin: true, home: 'http://shop.local' }, steps: [{ do: 'admin' }, { do: 'submit', post: { [OPTION]: post } }] });

  it('registers one option with a sanitising callback, a section, the fields and a page for manage_options', () => {
    const run = runPlugin({ world: { user: ADMIN, admin: true }, steps: [{ do: 'admin' }] });
    expect(callsOf(run, 'register_setting')).toEqual([['ai_discovery_widget', OPTION, ['type', 'sanitize_callback', 'default', 'show_in_rest']]]);
    expect(run.report.hooks).toContain(`sanitize_option_${OPTION}`);
    expect(callsOf(run, 'add_settings_section').map((c) => c[0])).toEqual(['ai_discovery_widget_main']);
    expect(callsOf(run, 'add_settings_field').map((c) => c[0])).toEqual(
      ['enabled', 'server_url', 'accent', 'greeting', 'position', 'identity_secret'].map((f) => `ai-discovery-widget-${f}`),
    );
    expect(callsOf(run, 'add_options_page')).toEqual([['AI Discovery Widget', 'AI Discovery Widget', 'manage_options', 'ai-discovery-widget']]);
  });

  it('renders the form through settings_fields/do_settings_sections, escaping values and never printing the secret', () => {
    const greeting = '"><script>alert(1)</script>';
    const run = runPlugin({ world: { options: configured({ greeting, identity_secret: SECRET }), user: ADMIN, admin: true }, steps: [{ do: 'admin' }, { do: 'settings_page' }] });
    const html = run.steps[1]!.output;
    expect(html).toContain('action="https://shop.example/wp-admin/options.php"');
    expect(html).toContain('name="option_page" value="ai_discovery_widget"');
    for (const field of ['enabled', 'server_url', 'accent', 'greeting', 'position', 'identity_secret']) expect(html).toContain(`name="${OPTION}[${field}]"`);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script');
    expect(html).not.toContain(SECRET);
    expect(html).toContain(`name="${OPTION}[identity_secret_clear]"`);
    expect(callsOf(run, 'current_user_can')).toContainEqual(['manage_options', true]);
  });

  it('shows the secret field disabled, and never the secret, when wp-config.php defines it', () => {
    const constant = 'c'.repeat(40);
    const run = runPlugin({ world: { options: configured(), user: ADMIN, admin: true }, constants: { AI_DISCOVERY_IDENTITY_SECRET: constant }, steps: [{ do: 'admin' }, { do: 'settings_page' }] });
    const html = run.steps[1]!.output;
    expect(html).toMatch(/<input type="password"[^>]*id="ai-discovery-widget-identity-secret"[^>]* disabled='disabled'>/);
    expect(html).not.toContain('identity_secret_clear');
    expect(html).not.toContain(constant);
  });

  it('prints each settings error once: core prints them above a page under Settings, the page adds none', () => {
    const run = runPlugin({
      world: { options: configured(), user: ADMIN, admin: true },
      steps: [{ do: 'admin' }, { do: 'submit', post: { [OPTION]: { server_url: 'http://evil.example', accent: 'red' } } }, { do: 'settings_page' }],
    });
    expect(run.report.pages['ai-discovery-widget']!.parent).toBe('options-general.php');
    const html = run.steps[2]!.output;
    expect(run.report.errors.map((e) => e.code)).toEqual(['ai-discovery-widget-server_url', 'ai-discovery-widget-accent']);
    for (const error of run.report.errors) expect(html.split(`id="setting-error-${error.code}"`).length - 1, error.code).toBe(1);
  });

  it('stores clean values', () => {
    const run = submit({ enabled: '1', server_url: ' https://Chat.Example.com/ws/ ', accent: '#ABCDEF', greeting: '<b>Hello</b>\n  there %0a<script>x()</script>', position: 'left', identity_secret: 'n'.repeat(48) });
    expect(run.steps[1]!.result).toBe(true);
    expect(run.report.errors).toEqual([]);
    expect(stored(run)).toEqual({ enabled: true, server_url: 'https://Chat.Example.com/ws', accent: '#abcdef', greeting: 'Hello there', position: 'left', identity_secret: 'n'.repeat(48) });
  });

  it('refuses a bad URL, colour or secret with a message and keeps the previous value', () => {
    for (const url of ['javascript:alert(1)', 'http://evil.example', 'https://user:pw@chat.example.com', 'ftp://chat.example.com', 'https://chat.example.com/?x=1', 'data:text/html,hi', '//chat.example.com']) {
      const run = submit({ server_url: url });
      expect({ url, stored: stored(run).server_url, codes: run.report.errors.map((e) => e.code) }).toEqual({ url, stored: SERVER, codes: ['ai-discovery-widget-server_url'] });
    }
    for (const accent of ['red', '#12345g', '#1234', 'url(javascript:alert(1))', '#fff;background:red']) {
      const run = submit({ accent });
      expect({ accent, stored: stored(run).accent, codes: run.report.errors.map((e) => e.code) }).toEqual({ accent, stored: '#123456', codes: ['ai-discovery-widget-accent'] });
    }
    for (const secret of ['too-short', `${'x'.repeat(40)} with spaces`]) {
      const run = submit({ identity_secret: secret });
      expect({ stored: stored(run).identity_secret, codes: run.report.errors.map((e) => e.code) }).toEqual({ stored: SECRET, codes: ['ai-discovery-widget-identity_secret'] });
    }
  });

  it('accepts http only on the site\'s own origin, keeps the secret when the field is left empty, clears it on request', () => {
    expect(stored(submit({ server_url: 'http://shop.local/chat' })).server_url).toBe('http://shop.local/chat');
    expect(stored(submit({ server_url: 'http://shop.local:8080/chat' })).server_url).toBe(SERVER);
    expect(stored(submit({ server_url: '' })).server_url).toBe('');
    expect(stored(submit({ identity_secret: '' })).identity_secret).toBe(SECRET);
    expect(stored(submit({ identity_secret: '', identity_secret_clear: '1' })).identity_secret).toBe('');
    expect(stored(submit({ position: 'top' })).position).toBe('right');
    expect(stored(submit({ greeting: 'é'.repeat(300) })).greeting).toBe('é'.repeat(200));
    expect(stored(submit({})).enabled).toBe(false);
  });

  it('gives the same result when WordPress sanitises a first save twice', () => {
    const run = runPlugin({ world: { user: ADMIN, admin: true }, steps: [{ do: 'admin' }, { do: 'submit', post: { [OPTION]: { enabled: '1', server_url: 'https://chat.example.com/', accent: '#ABC', greeting: 'Hi <i>you</i>', position: 'left', identity_secret: 's'.repeat(32) } } }] });
    expect(stored(run)).toEqual({ enabled: true, server_url: 'https://chat.example.com', accent: '#abc', greeting: 'Hi you', position: 'left', identity_secret: 's'.repeat(32) });
  });

  it('denies users without manage_options: no page, no form, no save, no settings link', () => {
    const denied = submit({ server_url: 'https://attacker.example' }, {}, SHOPPER);
    expect(denied.steps[1]!.result).toBe(false);
    expect(stored(denied).server_url).toBe(SERVER);
    const run = runPlugin({ world: { options: configured(), user: SHOPPER, admin: true }, steps: [{ do: 'admin' }, { do: 'settings_page' }, { do: 'action_links' }, { do: 'update_option', option: OPTION, value: { server_url: 'https://attacker.example' } }] });
    expect(Object.keys(run.report.pages)).toEqual([]);
    expect(run.steps[1]!.output).toBe('');
    expect(run.steps[2]!.result).toEqual({ deactivate: '<a href="#">Deactivate</a>' });
    // The sanitising callback itself refuses, for code paths that skip options.php.
    expect((run.report.options['1']![OPTION] as { server_url: string }).server_url).toBe(SERVER);
    const admin = runPlugin({ world: { user: ADMIN, admin: true }, steps: [{ do: 'action_links' }] });
    expect(Object.values(admin.steps[0]!.result as object)[0]).toBe('<a href="https://shop.example/wp-admin/options-general.php?page=ai-discovery-widget">Settings</a>');
  });
});

describe('uninstall.php', () => {
  it('deletes the option, on every site of a network', () => {
    const single = runPlugin({ world: { options: { ...configured(), other_plugin: 'kept' } }, steps: [{ do: 'uninstall', file: join(PLUGIN_DIR, 'uninstall.php') }] });
    expect(single.report.options['1']).toEqual({ other_plugin: 'kept' });
    const network = runPlugin({ world: { options: configured(), sites: [1, 2, 3] }, steps: [{ do: 'uninstall', file: join(PLUGIN_DIR, 'uninstall.php') }] });
    expect(callsOf(network, 'delete_option')).toEqual([[OPTION, 1], [OPTION, 2], [OPTION, 3]]);
    expect(Object.values(network.report.options).map((o) => OPTION in o)).toEqual([false, false, false]);
  });
});
