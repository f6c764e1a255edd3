<?php
/**
 * Identity tokens for logged-in customers.
 *
 * @package AIDiscoveryWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Signs a customer id the way the chat server's `hmacIdentityVerifier` checks it:
 * `customerId.timestamp.signature`, the signature being the lower-case hex HMAC-SHA256 of
 * `customerId.timestamp` (Unix seconds) with the shared secret. The server then binds the
 * conversation to `customer:<id>` and refuses tokens older than its `maxAgeMs` (a day by default).
 */
class AI_Discovery_Widget_Identity {

	/**
	 * Where the secret comes from.
	 *
	 * @var AI_Discovery_Widget_Options
	 */
	private $options;

	/**
	 * Clock in Unix seconds, for tests.
	 *
	 * @var callable
	 */
	private $now;

	/**
	 * @param AI_Discovery_Widget_Options $options Settings.
	 * @param callable|null               $now     Returns the time in Unix seconds. Defaults to time().
	 */
	public function __construct( AI_Discovery_Widget_Options $options, $now = null ) {
		$this->options = $options;
		$this->now     = is_callable( $now ) ? $now : 'time';
	}

	/**
	 * The token for a customer, or null when no secret is configured.
	 *
	 * @param string $customer_id The WordPress user id of the customer.
	 * @return string|null
	 */
	public function token_for( $customer_id ) {
		$secret = $this->options->identity_secret();
		if ( strlen( $secret ) < AI_Discovery_Widget_Options::MIN_SECRET_LENGTH || '' === $customer_id ) {
			return null;
		}
		$payload = $customer_id . '.' . (int) call_user_func( $this->now );
		return $payload . '.' . hash_hmac( 'sha256', $payload, $secret );
	}
}
