<?php
/**
 * What widget.phtml writes into the storefront HTML.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\ViewModel;

use AIDiscovery\Widget\Model\Config;
use Magento\Framework\Serialize\Serializer\JsonHexTag;
use Magento\Framework\UrlInterface;
use Magento\Framework\View\Element\Block\ArgumentInterface;
use Magento\Store\Model\Store;
use Magento\Store\Model\StoreManagerInterface;

/**
 * The x-magento-init configuration of the module's component (COMPONENT). The full-page cache serves the
 * same HTML to every shopper of a store view and currency, so this holds store settings only:
 * nothing here may depend on the customer, the session or the cart. The component reads those in
 * the shopper's browser from Magento_Customer/js/customer-data.
 */
class WidgetConfig implements ArgumentInterface
{
    /** The launcher: the button now, AIDiscovery_Widget/js/widget (and the bundle) at the first touch. */
    public const COMPONENT = 'AIDiscovery_Widget/js/launcher';

    public function __construct(
        private readonly Config $config,
        private readonly StoreManagerInterface $storeManager,
        private readonly UrlInterface $urlBuilder,
        private readonly JsonHexTag $json
    ) {
    }

    public function isEnabled(): bool
    {
        return $this->config->isEnabled();
    }

    public function getPosition(): string
    {
        return $this->config->getPosition();
    }

    /**
     * @return array<string, string>
     */
    public function getComponentConfig(): array
    {
        $settings = [
            'socketUrl' => $this->config->getServerUrl(),
            'greeting' => $this->config->getGreeting(),
            'accentColor' => $this->config->getAccentColor(),
            'position' => $this->config->getPosition(),
            'locale' => $this->config->getLocale(),
            'currency' => $this->getCurrency(),
            // Per store view (it may carry the store code or a subfolder), so cacheable.
            'cartAddUrl' => $this->urlBuilder->getUrl('checkout/cart/add'),
        ];
        return array_filter($settings, static fn (?string $value): bool => $value !== null && $value !== '');
    }

    /**
     * The `<script type="text/x-magento-init">` body that starts the component on `$selector`.
     * JsonHexTag writes `<` and `>` as \u003C and \u003E, so no setting can close the script
     * element; the template prints it as is, since HTML-escaping would break the JSON.
     */
    public function getInitJson(string $selector): string
    {
        return $this->json->serialize([$selector => [self::COMPONENT => $this->getComponentConfig()]]);
    }

    /**
     * The display currency. It varies with the shopper's currency switcher, but so does Magento's
     * full-page cache key (the http context includes the currency), so it is safe to cache.
     */
    private function getCurrency(): ?string
    {
        $store = $this->storeManager->getStore();
        $code = $store instanceof Store ? (string) $store->getCurrentCurrencyCode() : '';
        return preg_match('/^[A-Z]{3}$/', $code) === 1 ? $code : null;
    }
}
