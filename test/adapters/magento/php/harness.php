<?php
/**
 * Runs the module's PHP under php-cli with the stand-ins of magento-stubs.php.
 *
 *   php harness.php <module dir> < command.json
 *
 * The command is JSON: { "action": ..., "config": { "<config path>": value }, "currency",
 * "baseUrl", "cartAddUrl", ... }. It prints the template's HTML for "render", JSON otherwise.
 */
declare(strict_types=1);

require __DIR__ . '/magento-stubs.php';

use AIDiscovery\Widget\Model\Config;
use AIDiscovery\Widget\ViewModel\WidgetConfig;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Component\ComponentRegistrar;
use Magento\Framework\Escaper;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Serialize\Serializer\JsonHexTag;
use Magento\Framework\UrlInterface;
use Magento\Framework\View\Element\Template;
use Magento\Store\Model\Store;
use Magento\Store\Model\StoreManagerInterface;

$moduleDir = rtrim($argv[1] ?? '', '/');
if ($moduleDir === '' || !is_file($moduleDir . '/registration.php')) {
    fwrite(STDERR, "usage: php harness.php <module dir> < command.json\n");
    exit(2);
}
// Composer's PSR-4 mapping from the module's composer.json: AIDiscovery\Widget\ is the module root.
spl_autoload_register(static function (string $class) use ($moduleDir): void {
    $prefix = 'AIDiscovery\\Widget\\';
    if (str_starts_with($class, $prefix)) {
        $file = $moduleDir . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

$command = json_decode((string) stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);

/** Scope config answering from the command's `config` map (missing paths are null, as in Magento). */
$scopeConfig = new class ($command['config'] ?? []) implements ScopeConfigInterface {
    public function __construct(private array $values)
    {
    }

    public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
    {
        return $this->values[$path] ?? null;
    }

    public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
    {
        return (bool) $this->getValue($path, $scopeType, $scopeCode);
    }
};
$store = new Store((string) ($command['currency'] ?? 'USD'), (string) ($command['baseUrl'] ?? 'https://shop.example.com/'));
$storeManager = new class ($store) implements StoreManagerInterface {
    public function __construct(private Store $store)
    {
    }

    public function getStore($storeId = null)
    {
        return $this->store;
    }
};
$urlBuilder = new class ((string) ($command['baseUrl'] ?? 'https://shop.example.com/')) implements UrlInterface {
    public function __construct(private string $base)
    {
    }

    public function getUrl($routePath = null, $routeParams = null)
    {
        return $this->base . trim((string) $routePath, '/') . '/';
    }
};
$config = new Config($scopeConfig);

switch ($command['action']) {
    case 'register':
        require $moduleDir . '/registration.php';
        echo json_encode(ComponentRegistrar::$paths);
        break;

    case 'render':
        $block = new Template(['view_model' => new WidgetConfig($config, $storeManager, $urlBuilder, new JsonHexTag())]);
        $escaper = new Escaper();
        // As Magento's PHP template engine does: the template sees $block and $escaper.
        (static function (Template $block, Escaper $escaper, string $file): void {
            include $file;
        })($block, $escaper, $moduleDir . '/view/frontend/templates/widget.phtml');
        break;

    case 'csp':
        $collector = new \AIDiscovery\Widget\Model\Csp\ChatServerPolicyCollector($config, $storeManager);
        $existing = new \Magento\Csp\Model\Policy\FetchPolicy('script-src', false, ['https://cdn.example.com']);
        echo json_encode(array_map(
            static fn ($p) => ['id' => $p->getId(), 'value' => $p->getValue()],
            $collector->collect([$existing])
        ));
        break;

    case 'save':
        $model = new ('AIDiscovery\\Widget\\Model\\Config\\Backend\\' . $command['model'])($scopeConfig);
        $model->setScope($command['scope'] ?? null)->setScopeCode($command['scopeCode'] ?? null);
        $model->setValue($command['value']);
        try {
            $model->beforeSave();
            echo json_encode(['saved' => $model->getValue()]);
        } catch (LocalizedException $e) {
            echo json_encode(['error' => $e->getMessage()]);
        }
        break;

    case 'options':
        $source = new \AIDiscovery\Widget\Model\Config\Source\Position();
        echo json_encode(array_map(static fn ($o) => ['value' => $o['value'], 'label' => (string) $o['label']], $source->toOptionArray()));
        break;

    case 'constructors':
        $types = [];
        foreach ([WidgetConfig::class, Config::class, \AIDiscovery\Widget\Model\Csp\ChatServerPolicyCollector::class] as $class) {
            $constructor = (new ReflectionClass($class))->getConstructor();
            $types[$class] = array_map(static fn (ReflectionParameter $p) => (string) $p->getType(), $constructor?->getParameters() ?? []);
        }
        echo json_encode($types);
        break;

    default:
        fwrite(STDERR, 'unknown action ' . $command['action'] . "\n");
        exit(2);
}
