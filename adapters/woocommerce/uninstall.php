<?php
/**
 * Removes everything the plugin stored when it is deleted from the Plugins screen.
 *
 * @package AIDiscoveryWidget
 */

// WordPress defines this only while it runs a plugin's uninstall.php.
defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/** The option name, repeated here: the plugin's classes are not loaded during uninstall. */
const AI_DISCOVERY_WIDGET_UNINSTALL_OPTION = 'ai_discovery_widget_settings';

if ( is_multisite() ) {
	// Each site of a network keeps its own settings.
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $ai_discovery_widget_site_id ) {
		switch_to_blog( $ai_discovery_widget_site_id );
		delete_option( AI_DISCOVERY_WIDGET_UNINSTALL_OPTION );
		restore_current_blog();
	}
} else {
	delete_option( AI_DISCOVERY_WIDGET_UNINSTALL_OPTION );
}
