<?php
/**
 * Checks the Chat Server URL when an admin saves it.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\Model\Config\Backend;

use AIDiscovery\Widget\Model\Config;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Refuses anything but an http(s) origin (with an optional path) and stores it normalised, so a
 * typo is reported on the settings page instead of breaking the storefront silently.
 *
 * Plain http:// is refused too, as the WordPress plugin does: an https storefront blocks it as
 * mixed content, and the widget would only fail in the shopper's console. Two http addresses are
 * never blocked, so they are accepted: the storefront's own origin (same scheme, so only when the
 * store itself is served over http), and localhost, which browsers treat as a secure origin (a
 * chat server on a developer machine).
 */
class ServerUrl extends Value
{
    private const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

    /**
     * @return $this
     * @throws LocalizedException
     */
    public function beforeSave()
    {
        $raw = trim((string) $this->getValue());
        if ($raw !== '') {
            $url = Config::normalizeServerUrl($raw);
            if ($url === null) {
                throw new LocalizedException(
                    __('Chat Server URL must be an http or https address such as https://chat.example.com, without a query or fragment.')
                );
            }
            if (str_starts_with($url, 'http://') && !$this->httpAllowed($url)) {
                throw new LocalizedException(
                    __('Chat Server URL must use https://: an https storefront blocks a plain http:// chat server. http:// is accepted only on this store\'s own address (%1) or on localhost.', $this->storefrontOrigin() ?? '-')
                );
            }
            $raw = $url;
        }
        $this->setValue($raw);
        return parent::beforeSave();
    }

    private function httpAllowed(string $url): bool
    {
        $origin = self::origin($url);
        $host = (string) parse_url($url, PHP_URL_HOST);
        return in_array($host, self::LOOPBACK_HOSTS, true) || ($origin !== null && $origin === $this->storefrontOrigin());
    }

    /**
     * The origin shoppers load this scope's storefront from: the secure base URL when the frontend
     * uses it, else the unsecure one. Null when unknown (such as a {{placeholder}} base URL).
     */
    private function storefrontOrigin(): ?string
    {
        $scope = $this->getScope() ?: ScopeConfigInterface::SCOPE_TYPE_DEFAULT;
        $secure = $this->_config->isSetFlag('web/secure/use_in_frontend', $scope, $this->getScopeCode());
        $base = $this->_config->getValue($secure ? 'web/secure/base_url' : 'web/unsecure/base_url', $scope, $this->getScopeCode());
        return self::origin((string) $base);
    }

    private static function origin(string $url): ?string
    {
        $normalized = Config::normalizeServerUrl($url);
        if ($normalized === null) {
            return null;
        }
        $parts = parse_url($normalized);
        // An explicit default port is the same origin as none.
        $default = $parts['scheme'] === 'https' ? 443 : 80;
        $port = isset($parts['port']) && $parts['port'] !== $default ? ':' . $parts['port'] : '';
        return $parts['scheme'] . '://' . $parts['host'] . $port;
    }
}
