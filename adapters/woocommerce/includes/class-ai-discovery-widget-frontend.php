<?php
/**
 * The storefront: enqueues the widget and passes it the page's context.
 *
 * @package AIDiscoveryWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Enqueues the plugin's script and the launcher, both deferred in the footer, with the
 * configuration in an inline script printed before them (an inline script *after* a deferred one
 * would make WordPress load it blocking). The launcher draws the chat button at once and fetches
 * the widget bundle (assets/VERSION/ai-discovery.js) only when the shopper heads for the button or
 * the page has been idle a while, so a page that nobody chats on loads about 6 KB of script.
 */
class AI_Discovery_Widget_Frontend {

	const LAUNCHER_HANDLE = 'ai-discovery-widget-launcher';
	const SCRIPT_HANDLE = 'ai-discovery-widget';

	/** Most cart lines passed as context; the rest only count towards the totals. */
	const MAX_CART_ITEMS = 20;

	/**
	 * Settings.
	 *
	 * @var AI_Discovery_Widget_Options
	 */
	private $options;

	/**
	 * Signs customer identities.
	 *
	 * @var AI_Discovery_Widget_Identity
	 */
	private $identity;

	/**
	 * @param AI_Discovery_Widget_Options  $options  Settings.
	 * @param AI_Discovery_Widget_Identity $identity Signs customer identities.
	 */
	public function __construct( AI_Discovery_Widget_Options $options, AI_Discovery_Widget_Identity $identity ) {
		$this->options  = $options;
		$this->identity = $identity;
	}

	/** Hooks the storefront. */
	public function register_hooks() {
		add_action( 'wp_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/** Enqueues the scripts when the assistant is on and has a server to talk to. */
	public function enqueue() {
		$settings = $this->options->get();
		if ( ! $settings['enabled'] || '' === $settings['server_url'] ) {
			return;
		}
		$version = AI_DISCOVERY_WIDGET_VERSION;
		$args    = array(
			'strategy'  => 'defer',
			'in_footer' => true,
		);
		// The plugin's script first: it queues `init`, from which the launcher draws the button in the store's look.
		wp_enqueue_script( self::SCRIPT_HANDLE, plugins_url( 'assets/ai-discovery-woo.js', AI_DISCOVERY_WIDGET_FILE ), array(), $version, $args );
		wp_enqueue_script( self::LAUNCHER_HANDLE, plugins_url( 'assets/launcher.js', AI_DISCOVERY_WIDGET_FILE ), array( self::SCRIPT_HANDLE ), $version, $args );
		// JSON_HEX_TAG turns < and > into \u003C and \u003E, so no setting (and no product name)
		// can close the script element or open a comment in it.
		$json = wp_json_encode( $this->config( $settings ), JSON_HEX_TAG | JSON_HEX_AMP );
		if ( false === $json ) {
			return;
		}
		wp_add_inline_script( self::SCRIPT_HANDLE, 'window.aiDiscoveryWoo = ' . $json . ';', 'before' );
	}

	/**
	 * What the plugin's script reads from `window.aiDiscoveryWoo`.
	 *
	 * @param array<string, mixed> $settings The saved settings.
	 * @return array<string, mixed>
	 */
	public function config( array $settings ) {
		$currency = get_woocommerce_currency();
		$context  = array(
			'platform' => 'woocommerce',
			'locale'   => self::bcp47( get_locale() ),
			'currency' => $currency,
			'page'     => array( 'type' => $this->page_type() ),
			'cart'     => $this->cart_summary( $currency ),
		);
		$product = $this->current_product( $currency );
		if ( null !== $product ) {
			$context['product'] = $product;
		}

		$config = array(
			'socketUrl'  => $settings['server_url'],
			'addItemUrl' => esc_url_raw( rest_url( 'wc/store/v1/cart/add-item' ) ),
			// The Store API refuses cart writes without it; its responses carry the next one.
			'nonce'      => wp_create_nonce( 'wc_store_api' ),
			// The bundle imports its panel; the version keeps a cached old panel from meeting a new bundle.
			'panelUrl'   => esc_url_raw( add_query_arg( 'ver', AI_DISCOVERY_WIDGET_VERSION, plugins_url( 'assets/ai-discovery.panel.js', AI_DISCOVERY_WIDGET_FILE ) ) ),
			'accent'     => $settings['accent'],
			'accentText' => self::text_colour_on( $settings['accent'] ),
			'position'   => $settings['position'],
			'context'    => $context,
		);
		if ( '' !== $settings['greeting'] ) {
			$config['strings'] = array( 'greeting' => $settings['greeting'] );
		}
		if ( is_user_logged_in() ) {
			$customer_id                     = (string) get_current_user_id();
			$config['context']['customerId'] = $customer_id;
			$token                           = $this->identity->token_for( $customer_id );
			if ( null !== $token ) {
				$config['token'] = $token;
			}
		}
		return $config;
	}

	/**
	 * The kind of page, as the chat server's responders read `context.page.type`.
	 *
	 * @return string
	 */
	private function page_type() {
		if ( is_product() ) {
			return 'product';
		}
		if ( is_product_category() || is_product_tag() ) {
			return 'category';
		}
		if ( is_shop() ) {
			return 'shop';
		}
		if ( is_cart() ) {
			return 'cart';
		}
		if ( is_checkout() ) {
			return 'checkout';
		}
		if ( is_search() ) {
			return 'search';
		}
		if ( is_front_page() ) {
			return 'home';
		}
		return 'other';
	}

	/**
	 * The product a product page shows.
	 *
	 * @param string $currency The store's currency.
	 * @return array<string, mixed>|null
	 */
	private function current_product( $currency ) {
		if ( ! is_product() ) {
			return null;
		}
		$product = wc_get_product( get_queried_object_id() );
		if ( ! $product ) {
			return null;
		}
		return array(
			'id'        => (string) $product->get_id(),
			'title'     => self::plain_text( $product->get_name() ),
			'price'     => array(
				'amount'   => (float) wc_get_price_to_display( $product ),
				'currency' => $currency,
			),
			'available' => (bool) $product->is_in_stock(),
		);
	}

	/**
	 * The cart in the shape the plugin's script keeps up to date after each add.
	 *
	 * @param string $currency The store's currency.
	 * @return array<string, mixed>
	 */
	private function cart_summary( $currency ) {
		$cart    = WC()->cart;
		$summary = array(
			'count' => 0,
			'items' => array(),
			'total' => array(
				'amount'   => 0.0,
				'currency' => $currency,
			),
		);
		if ( ! $cart ) {
			return $summary;
		}
		foreach ( $cart->get_cart() as $item ) {
			if ( count( $summary['items'] ) >= self::MAX_CART_ITEMS ) {
				break;
			}
			$product            = isset( $item['data'] ) ? $item['data'] : null;
			$id                 = ! empty( $item['variation_id'] ) ? $item['variation_id'] : ( isset( $item['product_id'] ) ? $item['product_id'] : 0 );
			$summary['items'][] = array(
				'id'       => (string) $id,
				'title'    => $product ? self::plain_text( $product->get_name() ) : '',
				'quantity' => isset( $item['quantity'] ) ? (int) $item['quantity'] : 0,
			);
		}
		$summary['count']           = (int) $cart->get_cart_contents_count();
		$summary['total']['amount'] = (float) $cart->get_total( 'edit' );
		return $summary;
	}

	/**
	 * A product name as the shopper reads it: no markup, no entities. It travels as JSON to the
	 * chat server, never into HTML.
	 *
	 * @param string $name The stored name.
	 * @return string
	 */
	private static function plain_text( $name ) {
		return html_entity_decode( wp_strip_all_tags( (string) $name ), ENT_QUOTES | ENT_HTML5, 'UTF-8' );
	}

	/**
	 * A WordPress locale (`pt_BR`, `de_DE_formal`) as a BCP 47 tag (`pt-BR`, `de-DE`): language,
	 * then the region when there is one. WordPress's own variants (formal, ao90) are not BCP 47.
	 *
	 * @param string $locale The WordPress locale.
	 * @return string
	 */
	public static function bcp47( $locale ) {
		$parts = explode( '_', (string) $locale );
		$tag   = strtolower( preg_replace( '/[^A-Za-z]/', '', $parts[0] ) );
		if ( '' === $tag ) {
			return 'en';
		}
		if ( isset( $parts[1] ) && preg_match( '/^([A-Za-z]{2}|[0-9]{3})$/', $parts[1] ) ) {
			$tag .= '-' . strtoupper( $parts[1] );
		}
		return $tag;
	}

	/**
	 * Black or white, whichever reads better on the accent (WCAG relative luminance).
	 *
	 * @param string $hex A #rgb or #rrggbb colour.
	 * @return string
	 */
	public static function text_colour_on( $hex ) {
		$hex = ltrim( (string) $hex, '#' );
		if ( 3 === strlen( $hex ) ) {
			$hex = $hex[0] . $hex[0] . $hex[1] . $hex[1] . $hex[2] . $hex[2];
		}
		if ( ! preg_match( '/^[0-9a-fA-F]{6}$/', $hex ) ) {
			return '#ffffff';
		}
		$luminance = 0.0;
		foreach ( array( 0.2126, 0.7152, 0.0722 ) as $i => $weight ) {
			$c          = hexdec( substr( $hex, $i * 2, 2 ) ) / 255;
			$linear     = $c <= 0.04045 ? $c / 12.92 : pow( ( $c + 0.055 ) / 1.055, 2.4 );
			$luminance += $weight * $linear;
		}
		// Contrast with white is (1.05) / (L + 0.05); with black (L + 0.05) / 0.05. They cross near 0.179.
		return $luminance > 0.179 ? '#000000' : '#ffffff';
	}
}
