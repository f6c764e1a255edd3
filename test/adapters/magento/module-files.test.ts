// @vitest-environment jsdom
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/*
 * The module's PHP and XML files, checked without Magento (which cannot run here: it needs PHP
 * extensions, MySQL, OpenSearch and Composer access to repo.magento.com). PHP runs for real under
 * Debian's php-cli, against the stand-ins of php/magento-stubs.php; XML and HTML are parsed by
 * jsdom's DOMParser (this file runs in the jsdom environment for it).
 */

const MODULE = 'adapters/magento';
const HARNESS = 'test/adapters/magento/php/harness.php';

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'src' ? [] : filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

function php(command: object, module = MODULE): string {
  const run = spawnSync('php', [HARNESS, module], { input: JSON.stringify(command), encoding: 'utf8' });
  if (run.error) throw new Error(`php-cli did not run (${run.error.message}): install it with "apt-get install -y php-cli", as .ci/run does`);
  if (run.status !== 0 || run.stderr) throw new Error(`php exited ${run.status}: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

function xml(file: string): Document {
  const doc = new DOMParser().parseFromString(readFileSync(join(MODULE, file), 'utf8'), 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`${file} is not well-formed XML: ${error.textContent}`);
  return doc;
}

const all = (node: ParentNode, selector: string) => [...node.querySelectorAll(selector)];
const text = (node: ParentNode, selector: string) => node.querySelector(selector)?.textContent?.trim();

/** A PHP class of the module by its PSR-4 path (composer.json maps AIDiscovery\Widget\ to the root). */
function classFile(className: string): string {
  const name = className.replace(/\\Proxy$/, '').replace(/^\\/, '');
  expect(name.startsWith('AIDiscovery\\Widget\\'), `${name} is not a class of this module`).toBe(true);
  return join(MODULE, `${name.slice('AIDiscovery\\Widget\\'.length).replace(/\\/g, '/')}.php`);
}

const FIELDS = ['enabled', 'server_url', 'accent_color', 'greeting', 'position'];

describe('Magento module PHP', () => {
  const phpFiles = filesUnder(MODULE, (f) => /\.(php|phtml)$/.test(f));

  it('every PHP and template file passes php -l', () => {
    expect(phpFiles.map((f) => relative(MODULE, f)).sort()).toEqual(
      expect.arrayContaining(['registration.php', 'Model/Config.php', 'ViewModel/WidgetConfig.php', 'view/frontend/templates/widget.phtml']),
    );
    for (const file of phpFiles) {
      const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
      expect(lint.error, 'php-cli must be installed (apt-get install -y php-cli)').toBeUndefined();
      expect(lint.status, `${file}: ${lint.stdout}${lint.stderr}`).toBe(0);
    }
  });

  it('every class file declares strict types and its PSR-4 namespace', () => {
    for (const file of phpFiles.filter((f) => f.endsWith('.php') && !f.endsWith('registration.php'))) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).toMatch(/^<\?php[\s\S]*?declare\(strict_types=1\);/);
      const namespace = ['AIDiscovery\\Widget', ...relative(MODULE, file).split('/').slice(0, -1)].join('\\');
      expect(source, file).toContain(`namespace ${namespace};`);
    }
  });

  it('registration.php registers AIDiscovery_Widget at its own folder', () => {
    const paths = JSON.parse(php({ action: 'register' })) as { module: Record<string, string> };
    expect(Object.keys(paths.module)).toEqual(['AIDiscovery_Widget']);
    expect(paths.module.AIDiscovery_Widget).toMatch(/adapters\/magento$/);
  });

  it('composer.json is a magento2-module autoloading the module root and registration.php', () => {
    const composer = JSON.parse(readFileSync(join(MODULE, 'composer.json'), 'utf8')) as Record<string, any>;
    expect(composer.type).toBe('magento2-module');
    expect(composer.autoload).toEqual({ files: ['registration.php'], 'psr-4': { 'AIDiscovery\\Widget\\': '' } });
    expect(composer.require.php).toMatch(/8\.1/);
    // The build writes package.json's version; the source must not carry one that goes stale.
    expect(composer.version).toBeUndefined();
  });

  describe('widget.phtml rendered with stand-in $block and $escaper', () => {
    const enabled = { 'ai_discovery/widget/enabled': '1' };

    function render(config: Record<string, string>, extra: object = {}) {
      const html = php({ action: 'render', config: { ...enabled, ...config }, ...extra });
      const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
      const scripts = all(doc, 'script');
      return { html, doc, scripts };
    }

    function initConfig(config: Record<string, string>, extra: object = {}) {
      const { doc, scripts } = render(config, extra);
      expect(scripts).toHaveLength(1);
      expect(scripts[0]!.getAttribute('type')).toBe('text/x-magento-init');
      const init = JSON.parse(scripts[0]!.textContent!) as Record<string, Record<string, Record<string, unknown>>>;
      expect(Object.keys(init)).toEqual(['#ai-discovery-widget']);
      expect(doc.querySelector('#ai-discovery-widget'), 'the selector names the placeholder').not.toBeNull();
      expect(Object.keys(init['#ai-discovery-widget']!)).toEqual(['AIDiscovery_Widget/js/launcher']);
      return init['#ai-discovery-widget']!['AIDiscovery_Widget/js/launcher']!;
    }

    it('prints nothing when the widget is disabled', () => {
      expect(php({ action: 'render', config: { 'ai_discovery/widget/enabled': '0', 'ai_discovery/widget/server_url': 'https://chat.example.com' } }).trim()).toBe('');
    });

    it('starts AIDiscovery_Widget/js/launcher (which brings js/widget at the first touch) through x-magento-init with the store settings', () => {
      const config = initConfig(
        {
          'ai_discovery/widget/server_url': 'https://Chat.Example.com:8443/',
          'ai_discovery/widget/accent_color': '#EB5',
          'ai_discovery/widget/greeting': '  Hello from the store  ',
          'ai_discovery/widget/position': 'left',
          'general/locale/code': 'fr_FR',
        },
        { currency: 'EUR', baseUrl: 'https://shop.example.com/fr/' },
      );
      expect(config).toEqual({
        socketUrl: 'https://chat.example.com:8443',
        greeting: 'Hello from the store',
        accentColor: '#eebb55',
        position: 'left',
        locale: 'fr-FR',
        currency: 'EUR',
        cartAddUrl: 'https://shop.example.com/fr/checkout/cart/add/',
      });
    });

    it('writes no customer data: the configuration holds store settings only, and the view model cannot reach a session', () => {
      const config = initConfig({ 'ai_discovery/widget/server_url': 'https://chat.example.com' });
      const storeSettings = ['socketUrl', 'greeting', 'accentColor', 'position', 'locale', 'currency', 'cartAddUrl'];
      expect(Object.keys(config).every((key) => storeSettings.includes(key))).toBe(true);
      // What the template can read comes through these constructors: nothing about the shopper.
      const constructors = JSON.parse(php({ action: 'constructors' })) as Record<string, string[]>;
      expect(constructors['AIDiscovery\\Widget\\ViewModel\\WidgetConfig']).toEqual([
        'AIDiscovery\\Widget\\Model\\Config',
        'Magento\\Store\\Model\\StoreManagerInterface',
        'Magento\\Framework\\UrlInterface',
        'Magento\\Framework\\Serialize\\Serializer\\JsonHexTag',
      ]);
      expect(constructors['AIDiscovery\\Widget\\Model\\Config']).toEqual(['Magento\\Framework\\App\\Config\\ScopeConfigInterface']);
      for (const types of Object.values(constructors)) for (const type of types) expect(type).not.toMatch(/Customer|Session|Checkout|Quote|Cart|Registry|Cookie/i);
    });

    it('escapes hostile settings: nothing closes the script element, bad values are dropped', () => {
      const hostile = '</script><script>alert(1)</script><!--';
      const { html, doc, scripts } = render({
        'ai_discovery/widget/greeting': hostile,
        'ai_discovery/widget/server_url': 'javascript:alert(1)//',
        'ai_discovery/widget/accent_color': 'red;}</style><script>alert(2)</script>',
        'ai_discovery/widget/position': '"><img src=x onerror=alert(3)>',
        'general/locale/code': 'en_US"><script>alert(4)</script>',
      });
      expect(scripts).toHaveLength(1);
      expect(all(doc, 'img')).toHaveLength(0);
      expect(html).not.toContain('</script><script>');
      expect(scripts[0]!.textContent).not.toMatch(/[<>]/);
      const config = JSON.parse(scripts[0]!.textContent!)['#ai-discovery-widget']['AIDiscovery_Widget/js/launcher'];
      expect(config.greeting).toBe(hostile);
      expect(config).not.toHaveProperty('socketUrl');
      expect(config).not.toHaveProperty('accentColor');
      expect(config).not.toHaveProperty('locale');
      expect(config.position).toBe('right');
      expect(doc.querySelector('#ai-discovery-widget')!.getAttribute('data-position')).toBe('right');
    });

    it('drops server URLs that are not plain http(s) origins', () => {
      for (const url of ['ftp://chat.example.com', 'https://user:pw@chat.example.com', 'https://chat.example.com/?x=1', 'https://chat.example.com/#x', '//chat.example.com', 'https://chat example.com']) {
        expect(initConfig({ 'ai_discovery/widget/server_url': url }), url).not.toHaveProperty('socketUrl');
      }
      expect(initConfig({ 'ai_discovery/widget/server_url': 'https://chat.example.com/shop-a/' }).socketUrl).toBe('https://chat.example.com/shop-a');
    });
  });

  it('the admin refuses a bad server URL or colour on save and stores good ones normalised', () => {
    const save = (model: string, value: string) => JSON.parse(php({ action: 'save', model, value })) as { saved?: string; error?: string };
    expect(save('ServerUrl', 'javascript:alert(1)').error).toMatch(/http or https/);
    expect(save('ServerUrl', 'https://Chat.Example.com/')).toEqual({ saved: 'https://chat.example.com' });
    expect(save('ServerUrl', '')).toEqual({ saved: '' });
    expect(save('AccentColor', 'red').error).toMatch(/hex colour/);
    expect(save('AccentColor', '#ABC')).toEqual({ saved: '#aabbcc' });
  });

  it('the admin refuses a plain http:// server unless it is the storefront\'s own origin or localhost, as the WordPress plugin does', () => {
    const https = { 'web/unsecure/base_url': 'http://shop.example.com/', 'web/secure/base_url': 'https://shop.example.com/', 'web/secure/use_in_frontend': '1' };
    const http = { 'web/unsecure/base_url': 'http://shop.local/', 'web/secure/base_url': 'https://shop.local/', 'web/secure/use_in_frontend': '0' };
    const save = (value: string, config: Record<string, string>) => JSON.parse(php({ action: 'save', model: 'ServerUrl', value, config })) as { saved?: string; error?: string };
    for (const url of ['http://chat.example.com', 'http://shop.example.com/chat', 'http://shop.local:8080']) {
      expect(save(url, url.includes('shop.local') ? http : https).error, url).toMatch(/must use https:\/\/.*own address \(.*\) or on localhost/);
    }
    expect(save('http://chat.example.com', https).error).toContain('(https://shop.example.com)');
    expect(save('http://Shop.Local/chat/', http)).toEqual({ saved: 'http://shop.local/chat' });
    expect(save('http://shop.local:80/chat', http)).toEqual({ saved: 'http://shop.local:80/chat' });
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000/x', 'http://[::1]:3000']) expect(save(url, https), url).toEqual({ saved: url });
    expect(save('https://chat.example.com', https)).toEqual({ saved: 'https://chat.example.com' });
  });

  it('the CSP collector adds https and wss of the chat server to connect-src, or of the store when none is set', () => {
    const policies = (config: Record<string, string>) => JSON.parse(php({ action: 'csp', config, baseUrl: 'https://shop.example.com/' })) as { id: string; value: string }[];
    expect(policies({ 'ai_discovery/widget/enabled': '1', 'ai_discovery/widget/server_url': 'https://chat.example.com:8443/socket' })).toEqual([
      { id: 'script-src', value: 'https://cdn.example.com' },
      { id: 'connect-src', value: 'https://chat.example.com:8443 wss://chat.example.com:8443' },
    ]);
    expect(policies({ 'ai_discovery/widget/enabled': '1' })).toContainEqual({ id: 'connect-src', value: 'https://shop.example.com wss://shop.example.com' });
    expect(policies({ 'ai_discovery/widget/enabled': '1', 'ai_discovery/widget/server_url': 'http://localhost:3000' })).toContainEqual({ id: 'connect-src', value: 'http://localhost:3000 ws://localhost:3000' });
    expect(policies({ 'ai_discovery/widget/enabled': '0', 'ai_discovery/widget/server_url': 'https://chat.example.com' })).toHaveLength(1);
  });
});

describe('Magento module XML', () => {
  const xmlFiles = filesUnder(MODULE, (f) => f.endsWith('.xml')).map((f) => relative(MODULE, f));

  it('every XML file is well-formed', () => {
    expect(xmlFiles.sort()).toEqual(
      ['etc/acl.xml', 'etc/adminhtml/system.xml', 'etc/config.xml', 'etc/frontend/di.xml', 'etc/module.xml', 'view/frontend/layout/default.xml'].sort(),
    );
    for (const file of xmlFiles) expect(() => xml(file), file).not.toThrow();
  });

  it('a malformed file is caught (the check can fail)', () => {
    const doc = new DOMParser().parseFromString('<config><module></config>', 'application/xml');
    expect(doc.getElementsByTagName('parsererror').length).toBeGreaterThan(0);
  });

  it('module.xml declares AIDiscovery_Widget after Magento_Customer and Magento_Checkout', () => {
    const doc = xml('etc/module.xml');
    const module = doc.querySelector('config > module')!;
    expect(module.getAttribute('name')).toBe('AIDiscovery_Widget');
    expect(all(module, 'sequence > module').map((m) => m.getAttribute('name'))).toEqual(expect.arrayContaining(['Magento_Customer', 'Magento_Checkout']));
  });

  it('system.xml has the five settings under an ACL-guarded section, with existing backend and source models', () => {
    const doc = xml('etc/adminhtml/system.xml');
    const section = doc.querySelector('system > section[id="ai_discovery"]')!;
    expect(section).not.toBeNull();
    expect(text(section, 'resource')).toBe('AIDiscovery_Widget::config');
    const group = section.querySelector('group[id="widget"]')!;
    expect(all(group, ':scope > field').map((f) => f.getAttribute('id'))).toEqual(FIELDS);
    for (const field of all(group, ':scope > field')) {
      expect(['showInDefault', 'showInWebsite', 'showInStore'].map((a) => field.getAttribute(a))).toEqual(['1', '1', '1']);
      expect(text(field, 'label')).toBeTruthy();
      for (const model of all(field, 'backend_model, source_model').map((m) => m.textContent!.trim())) {
        if (model.startsWith('Magento\\')) continue;
        expect(existsSync(classFile(model)), model).toBe(true);
      }
    }
    const acl = xml('etc/acl.xml');
    const resource = acl.querySelector('resource[id="Magento_Config::config"] > resource[id="AIDiscovery_Widget::config"]');
    expect(resource?.getAttribute('title')).toBeTruthy();
  });

  it('config.xml has a default for every setting, and the defaults are values the settings accept', () => {
    const defaults = xml('etc/config.xml').querySelector('default > ai_discovery > widget')!;
    expect([...defaults.children].map((c) => c.tagName)).toEqual(FIELDS);
    expect(text(defaults, 'enabled')).toBe('0');
    expect(text(defaults, 'accent_color')).toMatch(/^#[0-9a-f]{6}$/);
    const positions = (JSON.parse(php({ action: 'options' })) as { value: string }[]).map((o) => o.value);
    expect(positions).toContain(text(defaults, 'position'));
    expect(text(defaults, 'server_url')).toBe('');
  });

  it("config.xml keeps the AMD bundle and its panel out of Magento's minifier, not the component", () => {
    const excludes = all(xml('etc/config.xml'), 'default > dev > js > minify_exclude > *').map((e) => new RegExp(e.textContent!.trim()));
    const matched = (path: string) => excludes.some((re) => re.test(path));
    expect(matched('frontend/Magento/luma/en_US/AIDiscovery_Widget/js/ai-discovery.js')).toBe(true);
    expect(matched('frontend/Magento/luma/en_US/AIDiscovery_Widget/js/ai-discovery.panel.js')).toBe(true);
    expect(matched('frontend/Magento/luma/en_US/AIDiscovery_Widget/js/widget.js')).toBe(false);
  });

  it('ships no static CSP allowlist, so no placeholder host is allowed on any store (the collector adds the configured one)', () => {
    expect(existsSync(join(MODULE, 'etc/csp_whitelist.xml'))).toBe(false);
    const hosts = filesUnder(MODULE, (f) => /\.(xml|php|phtml)$/.test(f)).filter((f) => /chat\.example\.com\s*<\/value>/.test(readFileSync(f, 'utf8')));
    expect(hosts).toEqual([]);
  });

  it('frontend di.xml adds the CSP collector, a class of this module, to the composite collector', () => {
    const type = xml('etc/frontend/di.xml').querySelector('type[name="Magento\\\\Csp\\\\Model\\\\CompositePolicyCollector"]')!;
    expect(type).not.toBeNull();
    const items = all(type, 'argument[name="collectors"] > item');
    expect(items).toHaveLength(1);
    expect(existsSync(classFile(items[0]!.textContent!.trim()))).toBe(true);
  });

  it('default.xml adds a cacheable block with the template and view model to every page, when enabled', () => {
    const doc = xml('view/frontend/layout/default.xml');
    const block = doc.querySelector('body > referenceContainer[name="before.body.end"] > block')!;
    expect(block.getAttribute('template')).toBe('AIDiscovery_Widget::widget.phtml');
    expect(existsSync(join(MODULE, 'view/frontend/templates/widget.phtml'))).toBe(true);
    expect(block.getAttribute('ifconfig')).toBe('ai_discovery/widget/enabled');
    // cacheable="false" on any block turns the full-page cache off for the whole site.
    expect(block.hasAttribute('cacheable')).toBe(false);
    const viewModel = block.querySelector('arguments > argument[name="view_model"]')!;
    expect(viewModel.getAttribute('xsi:type')).toBe('object');
    expect(existsSync(classFile(viewModel.textContent!.trim()))).toBe(true);
  });
});

describe('Magento module requirejs-config.js', () => {
  it('evaluates as Magento merges it and maps aiDiscovery to the AMD build in the module', () => {
    const source = readFileSync(join(MODULE, 'view/frontend/requirejs-config.js'), 'utf8');
    const configs: unknown[] = [];
    // Magento wraps each module's file in a function that ends with require.config(config).
    runInNewContext(`(function () {\n${source}\nrequire.config(config);\n})();`, { require: { config: (c: unknown) => configs.push(c) } });
    expect(configs).toEqual([{ paths: { aiDiscovery: 'AIDiscovery_Widget/js/ai-discovery' } }]);
  });
});
