<?php
/**
 * Choices of the Position setting.
 */
declare(strict_types=1);

namespace AIDiscovery\Widget\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

class Position implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray(): array
    {
        return [
            ['value' => 'right', 'label' => __('Bottom right')],
            ['value' => 'left', 'label' => __('Bottom left')],
        ];
    }
}
