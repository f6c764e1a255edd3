<?php
/**
 * Renders a page of the example store with the real plugin (the built copy in
 * dist/woocommerce/ai-discovery-widget/) running on the WordPress stand-in: what this prints in
 * the head and footer is what the plugin's PHP makes WordPress print. The rest plays the theme.
 *
 * Input (stdin, JSON): the stand-in world (see stand_in_world()) plus `theme`:
 * { view: 'shop' | 'product', product?, products?, notice? }, with prices as decimal strings.
 */

require __DIR__ . '/stand-in.php';

$world = json_decode( stream_get_contents( STDIN ), true );
if ( ! is_array( $world ) ) {
	fwrite( STDERR, "render.php: expected the world as JSON on stdin\n" );
	exit( 2 );
}
$theme = $world['theme'];
unset( $world['theme'] );
stand_in_world( $world );

// The theme's functions.php: WooCommerce's pages load jQuery, and the theme has a script of its own.
add_action(
	'wp_enqueue_scripts',
	function () {
		wp_enqueue_script( 'jquery', '/woocommerce/jquery-stand-in.js', array(), '3.7.1' );
		wp_enqueue_script( 'example-theme', '/woocommerce/theme.js', array( 'jquery' ), '1.0.0', array( 'in_footer' => true ) );
	}
);

stand_in_load_plugin( dirname( __DIR__, 3 ) . '/dist/woocommerce/ai-discovery-widget/ai-discovery-widget.php' );

$cart_count = array_sum( array_column( $world['cart'], 'quantity' ) );
$money      = function ( $amount ) {
	return '$' . number_format( (float) $amount, 2 );
};
?>
<!doctype html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?php echo esc_html( 'product' === $theme['view'] ? $theme['product']['name'] . ' – Example Store' : 'Shop – Example Store' ); ?></title>
<link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="/woocommerce/theme.css">
<?php wp_head(); ?>
</head>
<body class="<?php echo esc_attr( 'product' === $theme['view'] ? 'single-product woocommerce' : 'archive woocommerce-shop woocommerce' ); ?>">
<header class="site-header">
	<a class="site-title" href="<?php echo esc_url( home_url( '/' ) ); ?>">Example Store</a>
	<span class="tagline">A WooCommerce page, rendered by the plugin's PHP on a WordPress stand-in</span>
	<a class="cart-contents" href="<?php echo esc_url( home_url( '/' ) ); ?>" data-cart-url="<?php echo esc_url( rest_url( 'wc/store/v1/cart' ) ); ?>">Cart <span class="count"><?php echo esc_html( (string) $cart_count ); ?></span></a>
</header>
<main class="site-main">
<?php if ( ! empty( $theme['notice'] ) ) : ?>
	<div class="woocommerce-message" role="alert"><?php echo esc_html( $theme['notice'] ); ?></div>
<?php endif; ?>
<?php if ( 'product' === $theme['view'] ) : ?>
	<?php $product = $theme['product']; ?>
	<div class="product type-product">
		<img class="wp-post-image" src="<?php echo esc_url( $product['image'] ); ?>" alt="<?php echo esc_attr( $product['name'] ); ?>" width="320" height="320">
		<div class="summary entry-summary">
			<h1 class="product_title entry-title"><?php echo esc_html( $product['name'] ); ?></h1>
			<p class="price"><?php echo esc_html( $money( $product['price'] ) ); ?></p>
			<p class="description"><?php echo esc_html( $product['description'] ); ?></p>
			<?php if ( $product['in_stock'] ) : ?>
				<p class="stock in-stock">In stock</p>
				<form class="cart" method="post">
					<input type="number" name="quantity" value="1" min="1" aria-label="Quantity">
					<button type="submit" name="add-to-cart" value="<?php echo esc_attr( (string) $product['id'] ); ?>" class="single_add_to_cart_button button">Add to cart</button>
				</form>
			<?php else : ?>
				<p class="stock out-of-stock">Out of stock</p>
			<?php endif; ?>
			<p class="hint">Or open the assistant and ask for "blue light glasses": its cards add to this cart through the Store API.</p>
		</div>
	</div>
<?php else : ?>
	<h1 class="page-title">Shop</h1>
	<ul class="products">
	<?php foreach ( $theme['products'] as $item ) : ?>
		<li class="product">
			<a href="<?php echo esc_url( $item['url'] ); ?>">
				<img src="<?php echo esc_url( $item['image'] ); ?>" alt="" width="160" height="160">
				<h2 class="woocommerce-loop-product__title"><?php echo esc_html( $item['name'] ); ?></h2>
				<span class="price"><?php echo esc_html( $money( $item['price'] ) ); ?></span>
			</a>
		</li>
	<?php endforeach; ?>
	</ul>
<?php endif; ?>
	<section class="theme-events" aria-label="Cart events the theme received">
		<h2>Cart events the theme received</h2>
		<ol id="store-events"></ol>
	</section>
</main>
<?php wp_footer(); ?>
</body>
</html>
