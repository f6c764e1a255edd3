// @vitest-environment jsdom
import { expect, it } from 'vitest';
import { freshDocument } from './support/fresh-document';

// Guards the setup file that gives each jsdom file a blank page (files share a worker's environment).
it('leaves no element, attribute, stored key or changed address behind for the next file', () => {
  document.documentElement.lang = 'de';
  document.head.innerHTML = '<title>Left over</title><style>p{}</style>';
  document.body.innerHTML = '<div data-ai-discovery data-early><button class="launcher" aria-label="Chat with us"></button></div>';
  localStorage.setItem('ai-discovery:outbox', '[]');
  sessionStorage.setItem('tab', '1');
  history.pushState(null, '', '/products/red-shoes?x=1#reviews');
  freshDocument();
  expect(document.documentElement.outerHTML).toBe('<html><head></head><body></body></html>');
  expect(document.querySelector('[data-ai-discovery]')).toBeNull();
  expect(localStorage.length + sessionStorage.length).toBe(0);
  expect(location.href).toBe('http://localhost:3000/');
});
