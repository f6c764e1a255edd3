<?php
/**
 * AIDiscovery_Widget: the AI Discovery shopping assistant chat widget for Magento 2 storefronts.
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'AIDiscovery_Widget', __DIR__);
