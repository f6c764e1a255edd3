import { createElement as h, createRef, StrictMode, version } from 'react';
import { version as domVersion } from 'react-dom';
import { hydrateRoot } from 'react-dom/client';
import { Page } from './App.mjs';

// Hydrates the server's HTML with the server's props under StrictMode (a development build, so
// effects really run twice). What the test reads back lives on `window.fixture`.
const props = JSON.parse(document.getElementById('page-props').textContent);
const handle = createRef();
const fixture = { react: version, reactDom: domVersion, effectRuns: 0, handle };
window.fixture = fixture;
hydrateRoot(
  document.getElementById('root'),
  h(StrictMode, null, h(Page, { ...props, handle, onEffect: () => fixture.effectRuns++ })),
);
