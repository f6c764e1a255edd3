<?php
/**
 * Adds the configured chat server to the storefront's connect-src policy.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\Model\Csp;

use AIDiscovery\Widget\Model\Config;
use Magento\Csp\Api\PolicyCollectorInterface;
use Magento\Csp\Model\Policy\FetchPolicy;
use Magento\Store\Model\Store;
use Magento\Store\Model\StoreManagerInterface;

/**
 * A csp_whitelist.xml is static, but the chat server is a setting, so its host is added here, for
 * the store view being rendered (and only there: the module ships no static allowlist). Socket.IO needs both its https (polling, handshake) and its wss
 * (WebSocket) forms; with no server set the widget uses the store's own origin, whose wss form
 * 'self' does not cover in every browser.
 */
class ChatServerPolicyCollector implements PolicyCollectorInterface
{
    public function __construct(
        private readonly Config $config,
        private readonly StoreManagerInterface $storeManager
    ) {
    }

    /**
     * @param \Magento\Csp\Api\Data\PolicyInterface[] $defaultPolicies
     * @return \Magento\Csp\Api\Data\PolicyInterface[]
     */
    public function collect(array $defaultPolicies = []): array
    {
        if (!$this->config->isEnabled()) {
            return $defaultPolicies;
        }
        $hosts = self::connectSources($this->config->getServerUrl() ?? $this->storeBaseUrl());
        if ($hosts === []) {
            return $defaultPolicies;
        }
        $defaultPolicies[] = new FetchPolicy('connect-src', false, $hosts);
        return $defaultPolicies;
    }

    private function storeBaseUrl(): string
    {
        $store = $this->storeManager->getStore();
        return $store instanceof Store ? (string) $store->getBaseUrl() : '';
    }

    /**
     * `https://chat.example.com/x` gives `https://chat.example.com` and `wss://chat.example.com`;
     * http gives http and ws (a chat server on a developer machine).
     *
     * @return string[]
     */
    public static function connectSources(string $url): array
    {
        $origin = Config::normalizeServerUrl($url);
        if ($origin === null) {
            return [];
        }
        $parts = parse_url($origin);
        $authority = $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
        return $parts['scheme'] === 'https'
            ? ['https://' . $authority, 'wss://' . $authority]
            : ['http://' . $authority, 'ws://' . $authority];
    }
}
