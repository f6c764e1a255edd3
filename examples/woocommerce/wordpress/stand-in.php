<?php
/**
 * A stand-in for the slice of WordPress and WooCommerce the plugin calls, for php-cli.
 *
 * WordPress itself cannot run here: it needs a MySQL database, and neither WordPress nor
 * WooCommerce is packaged in Debian or on npm in a runnable form. So the example page and the
 * tests load the real plugin files on top of these functions, which behave as WordPress's do for
 * the arguments the plugin passes (hooks, options and the Settings API, the script queue and its
 * printing, escaping and sanitising), and record every call so tests can check them.
 *
 * The world the plugin sees (site URL, user, page, products, cart) comes from stand_in_world().
 */

define( 'ABSPATH', __DIR__ . '/' );

$GLOBALS['stand_in'] = array(
	'world'    => array(),
	'calls'    => array(),
	'hooks'    => array(),
	'options'  => array(),
	'settings' => array(),
	'sections' => array(),
	'fields'   => array(),
	'pages'    => array(),
	'errors'   => array(),
	'scripts'  => array(),
	'queue'    => array(),
	'textdomains' => array(),
	'blog'     => 1,
	'blog_stack' => array(),
);

/**
 * Sets up the world. Keys (all optional): home (site URL), plugins_url (URL of wp-content/plugins),
 * user { id, caps[] }, page { type, id }, products { id: { name, price, in_stock } }, cart [{ product_id,
 * variation_id, quantity }], currency, locale, nonce, options { name: value }, sites [ids], admin.
 *
 * @param array $world The world.
 */
function stand_in_world( array $world ) {
	$defaults = array(
		'home'        => 'https://shop.example',
		'plugins_url' => null,
		'user'        => array( 'id' => 0, 'caps' => array() ),
		'page'        => array( 'type' => 'home', 'id' => 0 ),
		'products'    => array(),
		'cart'        => array(),
		'currency'    => 'USD',
		'locale'      => 'en_US',
		'nonce'       => 'a1b2c3d4e5',
		'options'     => array(),
		'sites'       => array(),
		'admin'       => false,
		'classes'     => array(),
	);
	$world = array_merge( $defaults, $world );
	if ( null === $world['plugins_url'] ) {
		$world['plugins_url'] = rtrim( $world['home'], '/' ) . '/wp-content/plugins';
	}
	$GLOBALS['stand_in']['world']   = $world;
	$GLOBALS['stand_in']['options'] = array( 1 => $world['options'] );
	foreach ( $world['sites'] as $site ) {
		$GLOBALS['stand_in']['options'][ $site ] = isset( $world['site_options'][ $site ] ) ? $world['site_options'][ $site ] : $world['options'];
	}
}

/** Records a call to a WordPress function. */
function stand_in_record( $function, array $args ) {
	$GLOBALS['stand_in']['calls'][] = array( 'function' => $function, 'args' => $args );
}

function stand_in_world_value( $key ) {
	return $GLOBALS['stand_in']['world'][ $key ];
}

// ---- hooks ------------------------------------------------------------------------------------

function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	stand_in_record( 'add_filter', array( $hook, is_string( $callback ) ? $callback : '(callable)', $priority, $accepted_args ) );
	$GLOBALS['stand_in']['hooks'][ $hook ][ $priority ][] = array( $callback, $accepted_args );
	return true;
}

function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook, $callback, $priority, $accepted_args );
}

function apply_filters( $hook, $value, ...$args ) {
	if ( empty( $GLOBALS['stand_in']['hooks'][ $hook ] ) ) {
		return $value;
	}
	$by_priority = $GLOBALS['stand_in']['hooks'][ $hook ];
	ksort( $by_priority );
	foreach ( $by_priority as $callbacks ) {
		foreach ( $callbacks as $entry ) {
			list( $callback, $accepted ) = $entry;
			$value = call_user_func_array( $callback, array_slice( array_merge( array( $value ), $args ), 0, max( 1, $accepted ) ) );
		}
	}
	return $value;
}

function do_action( $hook, ...$args ) {
	if ( empty( $GLOBALS['stand_in']['hooks'][ $hook ] ) ) {
		return;
	}
	$by_priority = $GLOBALS['stand_in']['hooks'][ $hook ];
	ksort( $by_priority );
	foreach ( $by_priority as $callbacks ) {
		foreach ( $callbacks as $entry ) {
			list( $callback, $accepted ) = $entry;
			call_user_func_array( $callback, array_slice( $args, 0, $accepted ) );
		}
	}
}

function has_action( $hook ) {
	return ! empty( $GLOBALS['stand_in']['hooks'][ $hook ] );
}

// ---- plugins, i18n ----------------------------------------------------------------------------

function plugin_basename( $file ) {
	return basename( dirname( $file ) ) . '/' . basename( $file );
}

function plugins_url( $path = '', $plugin = '' ) {
	$url = stand_in_world_value( 'plugins_url' );
	if ( '' !== $plugin ) {
		$url .= '/' . basename( dirname( $plugin ) );
	}
	return $url . ( '' !== $path ? '/' . ltrim( $path, '/' ) : '' );
}

function load_plugin_textdomain( $domain, $deprecated = false, $relative_path = false ) {
	stand_in_record( 'load_plugin_textdomain', array( $domain, $deprecated, $relative_path ) );
	$GLOBALS['stand_in']['textdomains'][ $domain ] = $relative_path;
	return true;
}

/** Translations: the stand-in has none, so strings come back as written (as in an English site). */
function __( $text, $domain = 'default' ) {
	stand_in_record( '__', array( $text, $domain ) );
	return $text;
}

function esc_html__( $text, $domain = 'default' ) {
	return esc_html( __( $text, $domain ) );
}

function esc_attr__( $text, $domain = 'default' ) {
	return esc_attr( __( $text, $domain ) );
}

function esc_html_e( $text, $domain = 'default' ) {
	echo esc_html__( $text, $domain );
}

function get_locale() {
	return stand_in_world_value( 'locale' );
}

// ---- escaping and sanitising (WordPress's rules for the inputs the plugin passes) --------------

function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8', false );
}

function esc_attr( $text ) {
	return esc_html( $text );
}

function wp_allowed_protocols() {
	return array( 'http', 'https', 'ftp', 'ftps', 'mailto', 'news', 'irc', 'irc6', 'ircs', 'gopher', 'nntp', 'feed', 'telnet', 'mms', 'rtsp', 'sms', 'svn', 'tel', 'fax', 'xmpp', 'webcal', 'urn' );
}

/** WordPress's esc_url(): drops characters URLs cannot hold, and any URL with a disallowed scheme. */
function esc_url( $url, $protocols = null, $_context = 'display' ) {
	$original = $url;
	if ( '' === $url || null === $url ) {
		return '';
	}
	$url = str_replace( ' ', '%20', ltrim( (string) $url ) );
	$url = preg_replace( '|[^a-z0-9-~+_.?#=!&;,/:%@$\|*\'()\[\]\\x80-\\xff]|i', '', $url );
	if ( '' === $url ) {
		return '';
	}
	$url = str_ireplace( array( '%0d', '%0a', '%00' ), '', $url );
	$url = str_replace( ';//', '://', $url );
	if ( false === strpos( $url, ':' ) && ! in_array( $url[0], array( '/', '#', '?' ), true ) && ! preg_match( '/^[a-z0-9-]+?\.php/i', $url ) ) {
		$url = 'http://' . $url;
	}
	if ( 'display' === $_context ) {
		$url = str_replace( '&amp;', '&#038;', $url );
		$url = str_replace( '&', '&#038;', $url );
		$url = str_replace( "'", '&#039;', $url );
	}
	if ( '/' !== $url[0] && '#' !== $url[0] && '?' !== $url[0] ) {
		$protocols = is_array( $protocols ) ? $protocols : wp_allowed_protocols();
		if ( ! preg_match( '/^([a-z][a-z0-9+.-]*):/i', $url, $m ) || ! in_array( strtolower( $m[1] ), $protocols, true ) ) {
			return '';
		}
	}
	stand_in_record( 'esc_url', array( $original, $_context ) );
	return $url;
}

function esc_url_raw( $url, $protocols = null ) {
	return esc_url( $url, $protocols, 'db' );
}

function wp_parse_url( $url, $component = -1 ) {
	return parse_url( $url, $component );
}

function untrailingslashit( $value ) {
	return rtrim( $value, '/\\' );
}

function sanitize_hex_color( $color ) {
	if ( '' === $color ) {
		return '';
	}
	return preg_match( '|^#([A-Fa-f0-9]{3}){1,2}$|', $color ) ? $color : null;
}

function wp_strip_all_tags( $text, $remove_breaks = false ) {
	$text = preg_replace( '@<(script|style)[^>]*?>.*?</\\1>@si', '', (string) $text );
	$text = strip_tags( $text );
	if ( $remove_breaks ) {
		$text = preg_replace( '/[\r\n\t ]+/', ' ', $text );
	}
	return trim( $text );
}

/** WordPress's sanitize_text_field(): valid UTF-8, no tags, no line breaks, no percent-encoded octets. */
function sanitize_text_field( $str ) {
	if ( is_object( $str ) || is_array( $str ) ) {
		return '';
	}
	$filtered = (string) $str;
	if ( ! preg_match( '//u', $filtered ) ) {
		return '';
	}
	if ( false !== strpos( $filtered, '<' ) ) {
		// A lone "<" that opens no tag is kept as text, as wp_pre_kses_less_than() does.
		$filtered = preg_replace_callback( '%<[^>]*?((?=<)|>|$)%', function ( $m ) {
			return false === strpos( $m[0], '>' ) ? esc_html( $m[0] ) : $m[0];
		}, $filtered );
		$filtered = wp_strip_all_tags( $filtered, false );
		$filtered = str_replace( "<\n", "&lt;\n", $filtered );
	}
	$filtered = preg_replace( '/[\r\n\t ]+/', ' ', $filtered );
	$filtered = trim( $filtered );
	$found    = false;
	while ( preg_match( '/%[a-f0-9]{2}/i', $filtered, $match ) ) {
		$filtered = str_replace( $match[0], '', $filtered );
		$found    = true;
	}
	if ( $found ) {
		$filtered = trim( preg_replace( '/ +/', ' ', $filtered ) );
	}
	return $filtered;
}

function wp_unslash( $value ) {
	return is_array( $value ) ? array_map( 'wp_unslash', $value ) : ( is_string( $value ) ? stripslashes( $value ) : $value );
}

function wp_json_encode( $value, $flags = 0, $depth = 512 ) {
	stand_in_record( 'wp_json_encode', array( $flags ) );
	return json_encode( $value, $flags, $depth );
}

function checked( $checked, $current = true, $display = true ) {
	return selected( $checked, $current, $display, 'checked' );
}

function disabled( $disabled, $current = true, $display = true ) {
	return selected( $disabled, $current, $display, 'disabled' );
}

function selected( $selected, $current = true, $display = true, $type = 'selected' ) {
	$result = (string) $selected === (string) $current ? " $type='$type'" : '';
	if ( $display ) {
		echo $result;
	}
	return $result;
}

// ---- options and the Settings API -------------------------------------------------------------

function get_option( $option, $default_value = false ) {
	$options = $GLOBALS['stand_in']['options'][ $GLOBALS['stand_in']['blog'] ];
	if ( array_key_exists( $option, $options ) ) {
		return $options[ $option ];
	}
	if ( func_num_args() < 2 && isset( $GLOBALS['stand_in']['settings'][ $option ]['default'] ) ) {
		return $GLOBALS['stand_in']['settings'][ $option ]['default'];
	}
	return $default_value;
}

function update_option( $option, $value ) {
	$raw    = $value;
	$value  = apply_filters( "sanitize_option_{$option}", $value, $option, $raw );
	$exists = array_key_exists( $option, $GLOBALS['stand_in']['options'][ $GLOBALS['stand_in']['blog'] ] );
	if ( ! $exists ) {
		// WordPress hands a new option to add_option(), which sanitises the sanitised value again.
		$value = apply_filters( "sanitize_option_{$option}", $value, $option, $raw );
	}
	stand_in_record( 'update_option', array( $option, $value ) );
	if ( $exists && get_option( $option ) === $value ) {
		return false;
	}
	$GLOBALS['stand_in']['options'][ $GLOBALS['stand_in']['blog'] ][ $option ] = $value;
	return true;
}

function delete_option( $option ) {
	stand_in_record( 'delete_option', array( $option, $GLOBALS['stand_in']['blog'] ) );
	$existed = array_key_exists( $option, $GLOBALS['stand_in']['options'][ $GLOBALS['stand_in']['blog'] ] );
	unset( $GLOBALS['stand_in']['options'][ $GLOBALS['stand_in']['blog'] ][ $option ] );
	return $existed;
}

function register_setting( $group, $option, $args = array() ) {
	stand_in_record( 'register_setting', array( $group, $option, array_keys( $args ) ) );
	$GLOBALS['stand_in']['settings'][ $option ] = array_merge( array( 'group' => $group ), $args );
	if ( ! empty( $args['sanitize_callback'] ) ) {
		add_filter( "sanitize_option_{$option}", $args['sanitize_callback'] );
	}
}

function add_settings_section( $id, $title, $callback, $page ) {
	stand_in_record( 'add_settings_section', array( $id, $title, $page ) );
	$GLOBALS['stand_in']['sections'][ $page ][ $id ] = array( 'title' => $title, 'callback' => $callback );
}

function add_settings_field( $id, $title, $callback, $page, $section = 'default', $args = array() ) {
	stand_in_record( 'add_settings_field', array( $id, $title, $page, $section, $args ) );
	$GLOBALS['stand_in']['fields'][ $page ][ $section ][ $id ] = array( 'title' => $title, 'callback' => $callback, 'args' => $args );
}

function add_settings_error( $setting, $code, $message, $type = 'error' ) {
	$GLOBALS['stand_in']['errors'][] = array( 'setting' => $setting, 'code' => $code, 'message' => $message, 'type' => $type );
}

function settings_errors( $setting = '' ) {
	foreach ( $GLOBALS['stand_in']['errors'] as $error ) {
		if ( '' === $setting || $setting === $error['setting'] ) {
			echo '<div id="setting-error-' . esc_attr( $error['code'] ) . '" class="notice notice-' . esc_attr( $error['type'] ) . '"><p><strong>' . esc_html( $error['message'] ) . '</strong></p></div>';
		}
	}
}

function add_options_page( $page_title, $menu_title, $capability, $menu_slug, $callback = '' ) {
	stand_in_record( 'add_options_page', array( $page_title, $menu_title, $capability, $menu_slug ) );
	if ( ! current_user_can( $capability ) ) {
		return false;
	}
	$GLOBALS['stand_in']['pages'][ $menu_slug ] = array( 'title' => $page_title, 'capability' => $capability, 'callback' => $callback, 'parent' => 'options-general.php' );
	return 'settings_page_' . $menu_slug;
}

function get_admin_page_title() {
	$page = isset( $GLOBALS['stand_in']['current_page'] ) ? $GLOBALS['stand_in']['current_page'] : '';
	return isset( $GLOBALS['stand_in']['pages'][ $page ] ) ? $GLOBALS['stand_in']['pages'][ $page ]['title'] : '';
}

function settings_fields( $group ) {
	echo '<input type="hidden" name="option_page" value="' . esc_attr( $group ) . '" />';
	echo '<input type="hidden" name="action" value="update" />';
	echo '<input type="hidden" id="_wpnonce" name="_wpnonce" value="' . esc_attr( wp_create_nonce( "$group-options" ) ) . '" />';
}

function do_settings_sections( $page ) {
	if ( empty( $GLOBALS['stand_in']['sections'][ $page ] ) ) {
		return;
	}
	foreach ( $GLOBALS['stand_in']['sections'][ $page ] as $id => $section ) {
		echo '<h2>' . esc_html( $section['title'] ) . '</h2>';
		call_user_func( $section['callback'], array( 'id' => $id ) );
		echo '<table class="form-table" role="presentation">';
		foreach ( isset( $GLOBALS['stand_in']['fields'][ $page ][ $id ] ) ? $GLOBALS['stand_in']['fields'][ $page ][ $id ] : array() as $field ) {
			$for = isset( $field['args']['label_for'] ) ? $field['args']['label_for'] : '';
			echo '<tr><th scope="row"><label for="' . esc_attr( $for ) . '">' . esc_html( $field['title'] ) . '</label></th><td>';
			call_user_func( $field['callback'], $field['args'] );
			echo '</td></tr>';
		}
		echo '</table>';
	}
}

function submit_button() {
	echo '<p class="submit"><input type="submit" name="submit" id="submit" class="button button-primary" value="Save Changes" /></p>';
}

function admin_url( $path = '' ) {
	return rtrim( stand_in_world_value( 'home' ), '/' ) . '/wp-admin/' . ltrim( $path, '/' );
}

/**
 * What wp-admin/options.php does with a submitted settings form: it checks the group's capability,
 * then saves each registered option of the group through update_option (and so through its
 * sanitising callback).
 *
 * @param string $group The option group (settings_fields' argument).
 * @param array  $post  The submitted fields, slashed as PHP receives them.
 * @return bool False when the user may not save.
 */
function stand_in_submit_settings( $group, array $post ) {
	$capability = apply_filters( "option_page_capability_{$group}", 'manage_options' );
	if ( ! current_user_can( $capability ) ) {
		return false;
	}
	foreach ( $GLOBALS['stand_in']['settings'] as $option => $setting ) {
		if ( $setting['group'] === $group ) {
			update_option( $option, isset( $post[ $option ] ) ? $post[ $option ] : null );
		}
	}
	return true;
}

// ---- users, nonces, URLs ----------------------------------------------------------------------

function current_user_can( $capability ) {
	$user    = stand_in_world_value( 'user' );
	$allowed = in_array( $capability, isset( $user['caps'] ) ? $user['caps'] : array(), true );
	stand_in_record( 'current_user_can', array( $capability, $allowed ) );
	return $allowed;
}

function is_user_logged_in() {
	$user = stand_in_world_value( 'user' );
	return ! empty( $user['id'] );
}

function get_current_user_id() {
	$user = stand_in_world_value( 'user' );
	return (int) $user['id'];
}

function wp_create_nonce( $action = -1 ) {
	stand_in_record( 'wp_create_nonce', array( $action ) );
	return 'wc_store_api' === $action ? stand_in_world_value( 'nonce' ) : substr( md5( (string) $action ), 0, 10 );
}

function is_admin() {
	return (bool) stand_in_world_value( 'admin' );
}

function home_url( $path = '' ) {
	return rtrim( stand_in_world_value( 'home' ), '/' ) . ( '' !== $path ? '/' . ltrim( $path, '/' ) : '' );
}

function rest_url( $path = '' ) {
	return home_url( 'wp-json/' . ltrim( $path, '/' ) );
}

function add_query_arg( $key, $value, $url ) {
	return $url . ( false === strpos( $url, '?' ) ? '?' : '&' ) . rawurlencode( $key ) . '=' . rawurlencode( (string) $value );
}

// ---- the script queue -------------------------------------------------------------------------

function wp_enqueue_script( $handle, $src = '', $deps = array(), $ver = false, $args = array() ) {
	stand_in_record( 'wp_enqueue_script', array( $handle, $src, $deps, $ver, $args ) );
	$GLOBALS['stand_in']['scripts'][ $handle ] = array(
		'src'    => $src,
		'deps'   => $deps,
		'ver'    => $ver,
		'args'   => is_array( $args ) ? $args : array( 'in_footer' => (bool) $args ),
		'before' => array(),
		'after'  => array(),
	);
	$GLOBALS['stand_in']['queue'][] = $handle;
}

function wp_add_inline_script( $handle, $data, $position = 'after' ) {
	stand_in_record( 'wp_add_inline_script', array( $handle, $data, $position ) );
	if ( ! isset( $GLOBALS['stand_in']['scripts'][ $handle ] ) ) {
		return false;
	}
	$GLOBALS['stand_in']['scripts'][ $handle ][ 'before' === $position ? 'before' : 'after' ][] = $data;
	return true;
}

/**
 * Prints the queued scripts of the head or the footer as WordPress 6.3+ does: dependencies
 * first, the 'before' inline script, the tag (with `defer` when the strategy asks for it and no
 * 'after' inline script forces blocking), then the 'after' inline script.
 *
 * @param bool $footer Print the footer group (else the head).
 */
function stand_in_print_scripts( $footer ) {
	$done  = array();
	$print = function ( $handle ) use ( &$print, &$done, $footer ) {
		if ( isset( $done[ $handle ] ) || ! isset( $GLOBALS['stand_in']['scripts'][ $handle ] ) ) {
			return;
		}
		$script = $GLOBALS['stand_in']['scripts'][ $handle ];
		foreach ( $script['deps'] as $dep ) {
			$print( $dep );
		}
		if ( ! empty( $script['args']['in_footer'] ) !== $footer ) {
			return;
		}
		$done[ $handle ] = true;
		$id              = esc_attr( $handle );
		if ( $script['before'] ) {
			echo "<script id=\"{$id}-js-before\">\n" . implode( "\n", $script['before'] ) . "\n</script>\n";
		}
		$src      = false === $script['ver'] || null === $script['ver'] ? $script['src'] : add_query_arg( 'ver', $script['ver'], $script['src'] );
		$strategy = isset( $script['args']['strategy'] ) && ! $script['after'] ? $script['args']['strategy'] : '';
		$attrs    = $strategy ? ' ' . $strategy . ' data-wp-strategy="' . esc_attr( $strategy ) . '"' : '';
		echo '<script src="' . esc_url( $src ) . "\" id=\"{$id}-js\"{$attrs}></script>\n";
		if ( $script['after'] ) {
			echo "<script id=\"{$id}-js-after\">\n" . implode( "\n", $script['after'] ) . "\n</script>\n";
		}
	};
	foreach ( $GLOBALS['stand_in']['queue'] as $handle ) {
		$print( $handle );
	}
}

function wp_head() {
	do_action( 'wp_enqueue_scripts' );
	stand_in_print_scripts( false );
}

function wp_footer() {
	stand_in_print_scripts( true );
}

// ---- multisite --------------------------------------------------------------------------------

function is_multisite() {
	return (bool) stand_in_world_value( 'sites' );
}

function get_sites( $args = array() ) {
	return stand_in_world_value( 'sites' );
}

function switch_to_blog( $id ) {
	$GLOBALS['stand_in']['blog_stack'][] = $GLOBALS['stand_in']['blog'];
	$GLOBALS['stand_in']['blog']         = $id;
	return true;
}

function restore_current_blog() {
	$GLOBALS['stand_in']['blog'] = array_pop( $GLOBALS['stand_in']['blog_stack'] );
	return true;
}

// ---- the request and WooCommerce --------------------------------------------------------------

function stand_in_page_is( $type ) {
	$page = stand_in_world_value( 'page' );
	return $type === $page['type'];
}

function is_product() {
	return stand_in_page_is( 'product' );
}

function is_product_category() {
	return stand_in_page_is( 'product_category' );
}

function is_product_tag() {
	return stand_in_page_is( 'product_tag' );
}

function is_shop() {
	return stand_in_page_is( 'shop' );
}

function is_cart() {
	return stand_in_page_is( 'cart' );
}

function is_checkout() {
	return stand_in_page_is( 'checkout' );
}

function is_search() {
	return stand_in_page_is( 'search' );
}

function is_front_page() {
	return stand_in_page_is( 'home' );
}

function get_queried_object_id() {
	$page = stand_in_world_value( 'page' );
	return (int) $page['id'];
}

function get_woocommerce_currency() {
	return stand_in_world_value( 'currency' );
}

/** The part of WC_Product the plugin reads. */
class Stand_In_Product {
	private $id;
	private $data;

	public function __construct( $id, array $data ) {
		$this->id   = (int) $id;
		$this->data = $data;
	}

	public function get_id() {
		return $this->id;
	}

	public function get_name() {
		return $this->data['name'];
	}

	public function get_price() {
		return $this->data['price'];
	}

	public function is_in_stock() {
		return ! isset( $this->data['in_stock'] ) || (bool) $this->data['in_stock'];
	}
}

function wc_get_product( $id ) {
	$products = stand_in_world_value( 'products' );
	return isset( $products[ $id ] ) ? new Stand_In_Product( $id, $products[ $id ] ) : false;
}

function wc_get_price_to_display( $product ) {
	return (float) $product->get_price();
}

/** The part of WC_Cart the plugin reads. */
class Stand_In_Cart {
	public function get_cart() {
		$lines = array();
		foreach ( stand_in_world_value( 'cart' ) as $i => $line ) {
			$id           = ! empty( $line['variation_id'] ) ? $line['variation_id'] : $line['product_id'];
			$lines[ "key{$i}" ] = array(
				'product_id'   => $line['product_id'],
				'variation_id' => isset( $line['variation_id'] ) ? $line['variation_id'] : 0,
				'quantity'     => $line['quantity'],
				'data'         => wc_get_product( $id ),
			);
		}
		return $lines;
	}

	public function get_cart_contents_count() {
		return array_sum( array_column( stand_in_world_value( 'cart' ), 'quantity' ) );
	}

	public function get_total( $context = 'view' ) {
		$total = 0.0;
		foreach ( $this->get_cart() as $line ) {
			$total += $line['data'] ? $line['quantity'] * (float) $line['data']->get_price() : 0;
		}
		return 'edit' === $context ? (string) $total : '$' . number_format( $total, 2 );
	}
}

/** The WooCommerce main object: only its cart. */
class Stand_In_WooCommerce {
	public $cart;

	public function __construct() {
		$this->cart = new Stand_In_Cart();
	}
}

/** Present unless a test removes WooCommerce (stand_in_boot without it). */
function stand_in_define_woocommerce() {
	if ( ! function_exists( 'WC' ) ) {
		/** The WooCommerce instance. */
		function WC() {
			static $instance = null;
			if ( null === $instance ) {
				$instance = new Stand_In_WooCommerce();
			}
			return $instance;
		}
	}
}

// ---- driving the plugin -----------------------------------------------------------------------

/**
 * Loads a plugin's main file as WordPress does (include, then `plugins_loaded`).
 *
 * @param string $main_file The plugin's main file.
 * @param bool   $with_woocommerce Whether WooCommerce is active.
 */
function stand_in_load_plugin( $main_file, $with_woocommerce = true ) {
	if ( $with_woocommerce ) {
		stand_in_define_woocommerce();
	}
	require $main_file;
	do_action( 'plugins_loaded' );
	do_action( 'init' );
}

/** Everything recorded, for tests. */
function stand_in_report() {
	$state = $GLOBALS['stand_in'];
	return array(
		'calls'       => $state['calls'],
		'options'     => $state['options'],
		'settings'    => array_map( function ( $s ) {
			unset( $s['sanitize_callback'] );
			return $s;
		}, $state['settings'] ),
		'errors'      => $state['errors'],
		'scripts'     => $state['scripts'],
		'pages'       => array_map( function ( $p ) {
			unset( $p['callback'] );
			return $p;
		}, $state['pages'] ),
		'hooks'       => array_keys( $state['hooks'] ),
		'textdomains' => $state['textdomains'],
	);
}
