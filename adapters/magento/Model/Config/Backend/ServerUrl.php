<?php
/**
 * Checks the Chat Server URL when an admin saves it.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\Model\Config\Backend;

use AIDiscovery\Widget\Model\Config;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Refuses anything but an http(s) origin (with an optional path) and stores it normalised, so a
 * typo is reported on the settings page instead of breaking the storefront silently.
 */
class ServerUrl extends Value
{
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
            $raw = $url;
        }
        $this->setValue($raw);
        return parent::beforeSave();
    }
}
