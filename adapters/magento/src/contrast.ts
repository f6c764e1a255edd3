/**
 * The text colour for the admin's accent colour. Magento's settings page asks for one colour; the
 * widget takes a pair, so the adapter picks white or the widget's near-black text, whichever
 * contrasts more with `hex` (`#rrggbb`), by WCAG relative luminance.
 */
export function readableTextOn(hex: string): string {
  const background = luminance(hex);
  const white = (1 + 0.05) / (background + 0.05);
  const dark = (background + 0.05) / (luminance(DARK_TEXT) + 0.05);
  return white >= dark ? '#ffffff' : DARK_TEXT;
}

const DARK_TEXT = '#1b1d21';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
