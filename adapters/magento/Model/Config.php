<?php
/**
 * The widget's settings for the current store view, validated on the way out.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Store\Model\ScopeInterface;

/**
 * Reads Stores > Configuration > AI Discovery. Values are checked again here, not only when an
 * admin saves them: app/etc/env.php, config.php and `config:set --lock-env` bypass the admin's
 * backend models, and whatever this returns ends up in storefront HTML and in the CSP header.
 */
class Config
{
    public const XML_PATH_ENABLED = 'ai_discovery/widget/enabled';
    public const XML_PATH_SERVER_URL = 'ai_discovery/widget/server_url';
    public const XML_PATH_ACCENT_COLOR = 'ai_discovery/widget/accent_color';
    public const XML_PATH_GREETING = 'ai_discovery/widget/greeting';
    public const XML_PATH_POSITION = 'ai_discovery/widget/position';
    public const XML_PATH_LOCALE = 'general/locale/code';

    public const POSITIONS = ['right', 'left'];
    public const DEFAULT_POSITION = 'right';
    /** A greeting longer than this is a paste accident, not a greeting. */
    public const MAX_GREETING_LENGTH = 500;

    public function __construct(
        private readonly ScopeConfigInterface $scopeConfig
    ) {
    }

    public function isEnabled(): bool
    {
        return $this->scopeConfig->isSetFlag(self::XML_PATH_ENABLED, ScopeInterface::SCOPE_STORE);
    }

    /**
     * Origin (plus optional path) of the chat server, or null for the store's own origin.
     */
    public function getServerUrl(): ?string
    {
        return self::normalizeServerUrl($this->read(self::XML_PATH_SERVER_URL));
    }

    /**
     * `#rrggbb`, or null to keep the widget's own colour.
     */
    public function getAccentColor(): ?string
    {
        return self::normalizeColor($this->read(self::XML_PATH_ACCENT_COLOR));
    }

    public function getGreeting(): ?string
    {
        $greeting = trim($this->read(self::XML_PATH_GREETING));
        // One to MAX_GREETING_LENGTH characters of valid UTF-8 (the /u flag rejects broken bytes).
        $pattern = '/^.{1,' . self::MAX_GREETING_LENGTH . '}$/su';
        return preg_match($pattern, $greeting) === 1 ? $greeting : null;
    }

    public function getPosition(): string
    {
        $position = $this->read(self::XML_PATH_POSITION);
        return in_array($position, self::POSITIONS, true) ? $position : self::DEFAULT_POSITION;
    }

    /**
     * The store view's locale as a BCP 47 tag (`en_US` becomes `en-US`), or null.
     */
    public function getLocale(): ?string
    {
        $code = $this->read(self::XML_PATH_LOCALE);
        if (preg_match('/^[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*$/', $code) !== 1) {
            return null;
        }
        return str_replace('_', '-', $code);
    }

    /**
     * An absolute http(s) URL without credentials, query or fragment, without its trailing
     * slash; null for empty or anything else.
     */
    public static function normalizeServerUrl(string $value): ?string
    {
        $value = trim($value);
        if ($value === '' || preg_match('/[\s<>"\'`\\\\]/', $value) === 1) {
            return null;
        }
        $parts = parse_url($value);
        if (!is_array($parts) || !isset($parts['scheme'], $parts['host'])) {
            return null;
        }
        $scheme = strtolower($parts['scheme']);
        if (!in_array($scheme, ['https', 'http'], true)
            || isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])
            || preg_match('/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i', $parts['host']) !== 1
        ) {
            return null;
        }
        $url = $scheme . '://' . strtolower($parts['host']) . (isset($parts['port']) ? ':' . $parts['port'] : '');
        return $url . rtrim($parts['path'] ?? '', '/');
    }

    /**
     * `#rgb` or `#rrggbb` (any case) as lower-case `#rrggbb`; null for anything else.
     */
    public static function normalizeColor(string $value): ?string
    {
        $value = strtolower(trim($value));
        if (preg_match('/^#([0-9a-f]{3}|[0-9a-f]{6})$/', $value, $match) !== 1) {
            return null;
        }
        $hex = $match[1];
        if (strlen($hex) === 3) {
            $hex = $hex[0] . $hex[0] . $hex[1] . $hex[1] . $hex[2] . $hex[2];
        }
        return '#' . $hex;
    }

    private function read(string $path): string
    {
        $value = $this->scopeConfig->getValue($path, ScopeInterface::SCOPE_STORE);
        return is_scalar($value) ? (string) $value : '';
    }
}
