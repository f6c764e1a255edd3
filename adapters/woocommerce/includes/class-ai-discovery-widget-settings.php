<?php
/**
 * The settings screen (Settings > AI Discovery Widget), built on the Settings API.
 *
 * @package AIDiscoveryWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the option with its sanitising callback and renders the form. Only users who can
 * `manage_options` see the page, and options.php checks the same capability when it saves.
 */
class AI_Discovery_Widget_Settings {

	const PAGE       = 'ai-discovery-widget';
	const GROUP      = 'ai_discovery_widget';
	const SECTION    = 'ai_discovery_widget_main';
	const CAPABILITY = 'manage_options';

	/**
	 * Settings storage and validation.
	 *
	 * @var AI_Discovery_Widget_Options
	 */
	private $options;

	/**
	 * @param AI_Discovery_Widget_Options $options Settings.
	 */
	public function __construct( AI_Discovery_Widget_Options $options ) {
		$this->options = $options;
	}

	/** Hooks the screen into the admin. */
	public function register_hooks() {
		add_action( 'admin_init', array( $this, 'register_settings' ) );
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( AI_DISCOVERY_WIDGET_FILE ), array( $this, 'action_links' ) );
	}

	/** Registers the option, the section and the fields. */
	public function register_settings() {
		register_setting(
			self::GROUP,
			AI_Discovery_Widget_Options::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( $this->options, 'sanitize' ),
				'default'           => $this->options->defaults(),
				'show_in_rest'      => false,
			)
		);

		add_settings_section(
			self::SECTION,
			__( 'Shopping assistant', 'ai-discovery-widget' ),
			array( $this, 'render_section' ),
			self::PAGE
		);

		$fields = array(
			'enabled'         => __( 'Show the assistant', 'ai-discovery-widget' ),
			'server_url'      => __( 'Chat server URL', 'ai-discovery-widget' ),
			'accent'          => __( 'Accent colour', 'ai-discovery-widget' ),
			'greeting'        => __( 'Greeting', 'ai-discovery-widget' ),
			'position'        => __( 'Position', 'ai-discovery-widget' ),
			'identity_secret' => __( 'Identity secret', 'ai-discovery-widget' ),
		);
		foreach ( $fields as $field => $label ) {
			add_settings_field(
				'ai-discovery-widget-' . $field,
				$label,
				array( $this, 'render_' . $field ),
				self::PAGE,
				self::SECTION,
				array( 'label_for' => 'ai-discovery-widget-' . str_replace( '_', '-', $field ) )
			);
		}
	}

	/** Adds Settings > AI Discovery Widget. */
	public function add_page() {
		add_options_page(
			__( 'AI Discovery Widget', 'ai-discovery-widget' ),
			__( 'AI Discovery Widget', 'ai-discovery-widget' ),
			self::CAPABILITY,
			self::PAGE,
			array( $this, 'render_page' )
		);
	}

	/**
	 * A "Settings" link beside Deactivate on the Plugins screen.
	 *
	 * @param array<int|string, string> $links Existing links.
	 * @return array<int|string, string>
	 */
	public function action_links( $links ) {
		if ( ! current_user_can( self::CAPABILITY ) || ! is_array( $links ) ) {
			return $links;
		}
		$url = admin_url( 'options-general.php?page=' . self::PAGE );
		array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'ai-discovery-widget' ) . '</a>' );
		return $links;
	}

	/** The page itself. */
	public function render_page() {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			return;
		}
		// No settings_errors() here: pages under Settings get them printed by core's options-head.php,
		// and a second call would show every message twice.
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form></div>';
	}

	/** Introduces the section. */
	public function render_section() {
		echo '<p>' . esc_html__( 'The assistant answers shoppers from your chat server and adds products to the WooCommerce cart.', 'ai-discovery-widget' ) . '</p>';
	}

	/** The enabled toggle. */
	public function render_enabled() {
		$values = $this->options->get();
		printf(
			'<label><input type="checkbox" id="ai-discovery-widget-enabled" name="%1$s[enabled]" value="1"%2$s> %3$s</label>',
			esc_attr( AI_Discovery_Widget_Options::OPTION ),
			checked( $values['enabled'], true, false ),
			esc_html__( 'Show the chat button on the storefront', 'ai-discovery-widget' )
		);
	}

	/** The chat server URL. */
	public function render_server_url() {
		$values = $this->options->get();
		printf(
			'<input type="url" class="regular-text code" id="ai-discovery-widget-server-url" name="%1$s[server_url]" value="%2$s" placeholder="https://chat.example.com">',
			esc_attr( AI_Discovery_Widget_Options::OPTION ),
			esc_attr( $values['server_url'] )
		);
		echo '<p class="description">' . esc_html__( 'Where your AI Discovery chat server runs. It must use https://, unless it is on this site\'s own address. The assistant stays hidden until this is set.', 'ai-discovery-widget' ) . '</p>';
	}

	/** The accent colour. */
	public function render_accent() {
		$values = $this->options->get();
		printf(
			'<input type="color" id="ai-discovery-widget-accent" name="%1$s[accent]" value="%2$s">',
			esc_attr( AI_Discovery_Widget_Options::OPTION ),
			esc_attr( $values['accent'] )
		);
		echo '<p class="description">' . esc_html__( 'Colour of the chat button and the panel header.', 'ai-discovery-widget' ) . '</p>';
	}

	/** The greeting. */
	public function render_greeting() {
		$values = $this->options->get();
		printf(
			'<input type="text" class="regular-text" id="ai-discovery-widget-greeting" name="%1$s[greeting]" value="%2$s" maxlength="%3$d">',
			esc_attr( AI_Discovery_Widget_Options::OPTION ),
			esc_attr( $values['greeting'] ),
			(int) AI_Discovery_Widget_Options::MAX_GREETING_LENGTH
		);
		echo '<p class="description">' . esc_html__( 'The first line shoppers read when they open the chat. Leave empty for the built-in greeting in the shopper\'s language.', 'ai-discovery-widget' ) . '</p>';
	}

	/** The position. */
	public function render_position() {
		$values  = $this->options->get();
		$choices = array(
			'right' => __( 'Bottom right', 'ai-discovery-widget' ),
			'left'  => __( 'Bottom left', 'ai-discovery-widget' ),
		);
		printf( '<select id="ai-discovery-widget-position" name="%s[position]">', esc_attr( AI_Discovery_Widget_Options::OPTION ) );
		foreach ( $choices as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $values['position'], $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	/** The identity secret: never printed back, only replaced or cleared. */
	public function render_identity_secret() {
		$from_constant = defined( 'AI_DISCOVERY_IDENTITY_SECRET' );
		$saved         = '' !== $this->options->identity_secret();
		printf(
			'<input type="password" class="regular-text code" id="ai-discovery-widget-identity-secret" name="%1$s[identity_secret]" value="" autocomplete="new-password" placeholder="%2$s"%3$s>',
			esc_attr( AI_Discovery_Widget_Options::OPTION ),
			esc_attr( $saved ? __( 'A secret is saved; type a new one to replace it', 'ai-discovery-widget' ) : '' ),
			disabled( $from_constant, true, false )
		);
		if ( $saved && ! $from_constant ) {
			printf(
				'<br><label><input type="checkbox" name="%1$s[identity_secret_clear]" value="1"> %2$s</label>',
				esc_attr( AI_Discovery_Widget_Options::OPTION ),
				esc_html__( 'Remove the saved secret', 'ai-discovery-widget' )
			);
		}
		if ( $from_constant ) {
			echo '<p class="description">' . esc_html__( 'Set by the AI_DISCOVERY_IDENTITY_SECRET constant in wp-config.php.', 'ai-discovery-widget' ) . '</p>';
		} else {
			echo '<p class="description">' . esc_html__( 'Optional. The same secret as your chat server\'s identity verifier (at least 32 characters): logged-in customers then carry a signed identity, and their conversations are bound to their account. You may define AI_DISCOVERY_IDENTITY_SECRET in wp-config.php instead.', 'ai-discovery-widget' ) . '</p>';
		}
	}
}
