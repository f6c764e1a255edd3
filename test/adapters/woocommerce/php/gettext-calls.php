<?php
/**
 * Lists every gettext call in the PHP files given as arguments, as JSON:
 * [{ file, line, function, msgid, domain, comment }]. Reads tokens, so quotes escaped inside a
 * string and calls split across lines are read as PHP reads them. Arguments that are not plain
 * string literals come back as null, which the test reports.
 */

const GETTEXT = array( '__', '_e', 'esc_html__', 'esc_html_e', 'esc_attr__', 'esc_attr_e', '_x', '_n' );

$calls = array();
foreach ( array_slice( $argv, 1 ) as $file ) {
	$tokens  = token_get_all( file_get_contents( $file ) );
	$comment = null;
	$count   = count( $tokens );
	for ( $i = 0; $i < $count; $i++ ) {
		$token = $tokens[ $i ];
		if ( is_array( $token ) && T_COMMENT === $token[0] && false !== strpos( $token[1], 'translators:' ) ) {
			$comment = trim( preg_replace( '#^/\*|\*/$|^//#', '', $token[1] ) );
			continue;
		}
		if ( ! is_array( $token ) || T_STRING !== $token[0] || ! in_array( $token[1], GETTEXT, true ) ) {
			continue;
		}
		// The call's arguments: literal strings at nesting depth 1, anything else as null.
		$j = $i + 1;
		while ( $j < $count && is_array( $tokens[ $j ] ) && T_WHITESPACE === $tokens[ $j ][0] ) {
			$j++;
		}
		if ( '(' !== $tokens[ $j ] ) {
			continue;
		}
		$args  = array();
		$depth = 0;
		$arg   = array();
		for ( ; $j < $count; $j++ ) {
			$t = $tokens[ $j ];
			if ( '(' === $t ) {
				if ( $depth++ > 0 ) {
					$arg[] = $t;
				}
				continue;
			}
			if ( ')' === $t ) {
				if ( --$depth === 0 ) {
					$args[] = $arg;
					break;
				}
				$arg[] = $t;
				continue;
			}
			if ( ',' === $t && 1 === $depth ) {
				$args[] = $arg;
				$arg    = array();
				continue;
			}
			if ( is_array( $t ) && T_WHITESPACE === $t[0] ) {
				continue;
			}
			$arg[] = $t;
		}
		$literal = function ( $parts ) {
			if ( 1 !== count( $parts ) || ! is_array( $parts[0] ) || T_CONSTANT_ENCAPSED_STRING !== $parts[0][0] ) {
				return null;
			}
			return eval( 'return ' . $parts[0][1] . ';' );
		};
		$is_n   = '_n' === $token[1];
		$calls[] = array(
			'file'     => $file,
			'line'     => $token[2],
			'function' => $token[1],
			'msgid'    => isset( $args[0] ) ? $literal( $args[0] ) : null,
			'plural'   => $is_n && isset( $args[1] ) ? $literal( $args[1] ) : null,
			'domain'   => isset( $args[ $is_n ? 3 : ( '_x' === $token[1] ? 2 : 1 ) ] ) ? $literal( $args[ $is_n ? 3 : ( '_x' === $token[1] ? 2 : 1 ) ] ) : null,
			'comment'  => $comment,
		);
		$comment = null;
	}
}
echo json_encode( $calls, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ), "\n";
