<?php
/**
 * Checks the Accent Colour when an admin saves it.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\Model\Config\Backend;

use AIDiscovery\Widget\Model\Config;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Accepts #rgb or #rrggbb and stores #rrggbb; an empty value keeps the widget's own colour.
 */
class AccentColor extends Value
{
    /**
     * @return $this
     * @throws LocalizedException
     */
    public function beforeSave()
    {
        $raw = trim((string) $this->getValue());
        if ($raw !== '') {
            $color = Config::normalizeColor($raw);
            if ($color === null) {
                throw new LocalizedException(__('Accent Colour must be a hex colour such as #1f4fd1.'));
            }
            $raw = $color;
        }
        $this->setValue($raw);
        return parent::beforeSave();
    }
}
