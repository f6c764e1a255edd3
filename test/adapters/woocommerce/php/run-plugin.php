<?php
/**
 * Runs the real plugin files on the WordPress stand-in and prints what happened as JSON.
 *
 * Input (stdin, JSON): { plugin: main file path, woocommerce?: bool, world?: {...}, steps: [...] }
 * where each step is one of
 *   { "do": "front" }                       wp_head() and wp_footer() of a storefront page
 *   { "do": "admin" }                       admin_init and admin_menu
 *   { "do": "settings_page" }               renders Settings > AI Discovery Widget, after what core's
 *                                           options-head.php prints for a page under Settings
 *   { "do": "submit", "post": {...} }       what options.php does with the settings form
 *   { "do": "update_option", "option", "value" }  update_option() from code, not the form
 *   { "do": "action_links" }                the Plugins screen's links filter
 *   { "do": "notices" }                     admin_notices
 *   { "do": "uninstall", "file": path }     WordPress running uninstall.php
 *   { "do": "identity", "customer": "42", "now": 1700000000 }  a token from the identity class
 * Output: { steps: [{ output, result }], report: stand_in_report() }.
 */

require dirname( __DIR__, 4 ) . '/examples/woocommerce/wordpress/stand-in.php';

$input = json_decode( stream_get_contents( STDIN ), true );
stand_in_world( isset( $input['world'] ) ? $input['world'] : array() );
if ( isset( $input['constants'] ) ) {
	foreach ( $input['constants'] as $name => $value ) {
		define( $name, $value );
	}
}
stand_in_load_plugin( $input['plugin'], ! isset( $input['woocommerce'] ) || $input['woocommerce'] );

$steps = array();
foreach ( $input['steps'] as $step ) {
	ob_start();
	$result = null;
	switch ( $step['do'] ) {
		case 'front':
			wp_head();
			wp_footer();
			break;
		case 'admin':
			do_action( 'admin_init' );
			do_action( 'admin_menu' );
			break;
		case 'settings_page':
			$GLOBALS['stand_in']['current_page'] = 'ai-discovery-widget';
			if ( isset( $GLOBALS['stand_in']['pages']['ai-discovery-widget'] ) ) {
				// Core's admin-header.php includes options-head.php for pages under Settings, and that prints
				// settings_errors() before the page callback runs.
				if ( 'options-general.php' === $GLOBALS['stand_in']['pages']['ai-discovery-widget']['parent'] ) {
					settings_errors();
				}
				call_user_func( $GLOBALS['stand_in']['pages']['ai-discovery-widget']['callback'] );
			} else {
				// WordPress refuses a page the user cannot reach; call the callback anyway to check its own guard.
				$settings = new AI_Discovery_Widget_Settings( new AI_Discovery_Widget_Options() );
				$settings->render_page();
			}
			break;
		case 'submit':
			$result = stand_in_submit_settings( 'ai_discovery_widget', $step['post'] );
			break;
		case 'update_option':
			$result = update_option( $step['option'], $step['value'] );
			break;
		case 'action_links':
			$result = apply_filters( 'plugin_action_links_' . plugin_basename( AI_DISCOVERY_WIDGET_FILE ), array( 'deactivate' => '<a href="#">Deactivate</a>' ) );
			break;
		case 'notices':
			do_action( 'admin_notices' );
			break;
		case 'uninstall':
			define( 'WP_UNINSTALL_PLUGIN', plugin_basename( AI_DISCOVERY_WIDGET_FILE ) );
			include $step['file'];
			break;
		case 'identity':
			$now      = $step['now'];
			$identity = new AI_Discovery_Widget_Identity(
				new AI_Discovery_Widget_Options(),
				function () use ( $now ) {
					return $now;
				}
			);
			$result   = $identity->token_for( $step['customer'] );
			break;
		default:
			fwrite( STDERR, "unknown step {$step['do']}\n" );
			exit( 2 );
	}
	$steps[] = array(
		'output' => ob_get_clean(),
		'result' => $result,
	);
}

echo json_encode(
	array(
		'steps'  => $steps,
		'report' => stand_in_report(),
	),
	JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR
);
