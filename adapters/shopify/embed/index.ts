import { startEmbed, type EmbedWindow } from './start';

/*
 * Entry of the theme app extension's `assets/ai-discovery-embed.js`, the app embed block's
 * `javascript` (Shopify asks for under 10 KB compressed; with the launcher it draws, about 3.5 KB). Shopify may load it
 * before or after the block's markup, so it waits for the document when the block is not there yet.
 */
if (typeof document !== 'undefined') {
  const run = () => {
    const element = document.querySelector<HTMLScriptElement>('script[data-ai-discovery-config]');
    if (element) startEmbed(window as EmbedWindow, element);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}
