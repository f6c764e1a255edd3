<?php
/**
 * Plugin Name:          AI Discovery Widget
 * Description:          A real-time shopping assistant chat for WooCommerce: shoppers ask for products in their own words and add them to the cart without leaving the chat.
 * Version:              0.1.0
 * Requires at least:    6.3
 * Requires PHP:         7.4
 * Requires Plugins:     woocommerce
 * Author:               AI Discovery Widget contributors
 * License:              MIT
 * License URI:          https://opensource.org/licenses/MIT
 * Text Domain:          ai-discovery-widget
 * Domain Path:          /languages
 * WC requires at least: 8.3
 * WC tested up to:     9.2
 *
 * @package AIDiscoveryWidget
 */

defined( 'ABSPATH' ) || exit;

// The build writes package.json's version here and in the header above.
define( 'AI_DISCOVERY_WIDGET_VERSION', '0.1.0' );
define( 'AI_DISCOVERY_WIDGET_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-ai-discovery-widget-options.php';
require_once __DIR__ . '/includes/class-ai-discovery-widget-identity.php';
require_once __DIR__ . '/includes/class-ai-discovery-widget-settings.php';
require_once __DIR__ . '/includes/class-ai-discovery-widget-frontend.php';

/**
 * Wires the plugin's parts to WordPress. Nothing runs at include time but hook registration, so
 * the file is safe to load before WooCommerce.
 */
function ai_discovery_widget_boot() {
	load_plugin_textdomain( 'ai-discovery-widget', false, dirname( plugin_basename( AI_DISCOVERY_WIDGET_FILE ) ) . '/languages' );

	$options = new AI_Discovery_Widget_Options();
	$settings = new AI_Discovery_Widget_Settings( $options );
	$settings->register_hooks();

	// The widget adds to the cart through WooCommerce's Store API: without WooCommerce there is
	// no cart, so the storefront part stays off (WordPress before 6.5 ignores `Requires Plugins`).
	if ( function_exists( 'WC' ) ) {
		$frontend = new AI_Discovery_Widget_Frontend( $options, new AI_Discovery_Widget_Identity( $options ) );
		$frontend->register_hooks();
	} elseif ( is_admin() ) {
		add_action( 'admin_notices', 'ai_discovery_widget_missing_woocommerce_notice' );
	}
}
add_action( 'plugins_loaded', 'ai_discovery_widget_boot' );

/** Tells administrators why the chat does not appear. */
function ai_discovery_widget_missing_woocommerce_notice() {
	if ( ! current_user_can( 'activate_plugins' ) ) {
		return;
	}
	echo '<div class="notice notice-warning"><p>' . esc_html__( 'AI Discovery Widget needs WooCommerce: install and activate WooCommerce to show the shopping assistant.', 'ai-discovery-widget' ) . '</p></div>';
}

/**
 * The plugin reads no orders and renders no checkout: declaring both features compatible keeps
 * WooCommerce from warning about it on stores using HPOS or the block checkout.
 */
function ai_discovery_widget_declare_compatibility() {
	if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
		\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', AI_DISCOVERY_WIDGET_FILE, true );
		\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', AI_DISCOVERY_WIDGET_FILE, true );
	}
}
add_action( 'before_woocommerce_init', 'ai_discovery_widget_declare_compatibility' );
