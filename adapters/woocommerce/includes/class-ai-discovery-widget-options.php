<?php
/**
 * The plugin's one option and its validation.
 *
 * @package AIDiscoveryWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads the stored settings (with defaults filled in) and turns submitted values into safe ones.
 * Every setting lives in one array option, so uninstalling removes one row.
 */
class AI_Discovery_Widget_Options {

	const OPTION = 'ai_discovery_widget_settings';

	/** Shortest identity secret accepted, as the chat server's `hmacIdentityVerifier` requires. */
	const MIN_SECRET_LENGTH = 32;

	const MAX_GREETING_LENGTH = 200;

	/**
	 * Settings before the merchant saves any.
	 *
	 * @return array<string, mixed>
	 */
	public function defaults() {
		return array(
			'enabled'         => true,
			'server_url'      => '',
			'accent'          => '#1f4fd1',
			'greeting'        => '',
			'position'        => 'right',
			'identity_secret' => '',
		);
	}

	/**
	 * The stored settings over the defaults, each of the expected type.
	 *
	 * @return array<string, mixed>
	 */
	public function get() {
		$stored = get_option( self::OPTION, array() );
		$values = array_merge( $this->defaults(), is_array( $stored ) ? $stored : array() );
		$values['enabled'] = (bool) $values['enabled'];
		foreach ( array( 'server_url', 'accent', 'greeting', 'position', 'identity_secret' ) as $key ) {
			$values[ $key ] = is_string( $values[ $key ] ) ? $values[ $key ] : '';
		}
		return $values;
	}

	/**
	 * The secret used to sign customer identities: the `AI_DISCOVERY_IDENTITY_SECRET` constant
	 * (kept out of the database, in wp-config.php) when defined, else the saved setting.
	 *
	 * @return string Empty when identity verification is off.
	 */
	public function identity_secret() {
		if ( defined( 'AI_DISCOVERY_IDENTITY_SECRET' ) && is_string( AI_DISCOVERY_IDENTITY_SECRET ) ) {
			return AI_DISCOVERY_IDENTITY_SECRET;
		}
		return $this->get()['identity_secret'];
	}

	/**
	 * The `register_setting` sanitising callback. A bad value is refused with a message on the
	 * settings page and the previous value is kept, so one typo never wipes a working setup.
	 * WordPress may run this twice on the first save, so sanitising its own output changes nothing.
	 *
	 * @param mixed $input The submitted values.
	 * @return array<string, mixed> The values to store.
	 */
	public function sanitize( $input ) {
		$previous = $this->get();
		// options.php checks the page's capability already; this also covers other callers of update_option.
		if ( ! current_user_can( 'manage_options' ) || ! is_array( $input ) ) {
			return $previous;
		}
		$input = wp_unslash( $input );
		$clean = $previous;

		$clean['enabled'] = ! empty( $input['enabled'] );

		if ( array_key_exists( 'server_url', $input ) ) {
			$url = $this->sanitize_server_url( $input['server_url'] );
			if ( null === $url ) {
				$this->error( 'server_url', __( 'The chat server URL must be an https:// address, or an address on this site.', 'ai-discovery-widget' ) );
			} else {
				$clean['server_url'] = $url;
			}
		}

		if ( array_key_exists( 'accent', $input ) ) {
			$accent = is_string( $input['accent'] ) ? sanitize_hex_color( trim( $input['accent'] ) ) : null;
			if ( empty( $accent ) ) {
				$this->error( 'accent', __( 'The accent colour must be a hex colour such as #1f4fd1.', 'ai-discovery-widget' ) );
			} else {
				$clean['accent'] = strtolower( $accent );
			}
		}

		if ( array_key_exists( 'greeting', $input ) ) {
			$greeting = is_string( $input['greeting'] ) ? sanitize_text_field( $input['greeting'] ) : '';
			// A regular expression rather than mb_substr: the mbstring extension is optional.
			$clean['greeting'] = (string) preg_replace( '/^(.{0,' . self::MAX_GREETING_LENGTH . '}).*$/us', '$1', $greeting );
		}

		if ( array_key_exists( 'position', $input ) ) {
			$clean['position'] = in_array( $input['position'], array( 'right', 'left' ), true ) ? $input['position'] : 'right';
		}

		if ( ! empty( $input['identity_secret_clear'] ) ) {
			$clean['identity_secret'] = '';
		} elseif ( isset( $input['identity_secret'] ) && is_string( $input['identity_secret'] ) && '' !== trim( $input['identity_secret'] ) ) {
			// The field is never filled in with the stored secret: empty means "keep the one I saved".
			$secret = trim( $input['identity_secret'] );
			if ( strlen( $secret ) < self::MIN_SECRET_LENGTH || preg_match( '/[^\x21-\x7e]/', $secret ) ) {
				/* translators: %d: the minimum number of characters. */
				$this->error( 'identity_secret', sprintf( __( 'The identity secret must be at least %d printable characters without spaces; the previous secret is kept.', 'ai-discovery-widget' ), self::MIN_SECRET_LENGTH ) );
			} else {
				$clean['identity_secret'] = $secret;
			}
		}

		return $clean;
	}

	/**
	 * An https URL, or an http(s) URL on this site's own origin (a chat server behind the same
	 * host, or a local development site). No user name, password, query or fragment.
	 *
	 * @param mixed $value The submitted URL.
	 * @return string|null The URL to store ('' for none), or null when it is refused.
	 */
	public function sanitize_server_url( $value ) {
		if ( ! is_string( $value ) ) {
			return null;
		}
		$value = trim( $value );
		if ( '' === $value ) {
			return '';
		}
		$url = esc_url_raw( $value, array( 'https', 'http' ) );
		$parts = '' === $url ? false : wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) || isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return null;
		}
		if ( 'https' !== strtolower( $parts['scheme'] ) && ! $this->same_origin( $parts, wp_parse_url( home_url() ) ) ) {
			return null;
		}
		return untrailingslashit( $url );
	}

	/**
	 * Whether two parsed URLs share scheme, host and port.
	 *
	 * @param array<string, mixed> $a One parsed URL.
	 * @param mixed                $b The other.
	 * @return bool
	 */
	private function same_origin( array $a, $b ) {
		if ( ! is_array( $b ) || empty( $b['scheme'] ) || empty( $b['host'] ) ) {
			return false;
		}
		$port = function ( array $parts ) {
			if ( isset( $parts['port'] ) ) {
				return (int) $parts['port'];
			}
			return 'https' === strtolower( $parts['scheme'] ) ? 443 : 80;
		};
		return strtolower( $a['scheme'] ) === strtolower( $b['scheme'] ) && strtolower( $a['host'] ) === strtolower( $b['host'] ) && $port( $a ) === $port( $b );
	}

	/**
	 * Shows a refusal on the settings page.
	 *
	 * @param string $field   The setting.
	 * @param string $message What was wrong, translated.
	 */
	private function error( $field, $message ) {
		add_settings_error( self::OPTION, 'ai-discovery-widget-' . $field, $message, 'error' );
	}
}
