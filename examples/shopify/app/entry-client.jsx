import { StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App } from './App.jsx';

// The same props the server rendered with, then hydration. StrictMode (this is a development
// build) runs every effect twice: the page still gets one widget and one socket.
const props = JSON.parse(document.getElementById('page-props').textContent);
hydrateRoot(
  document.getElementById('root'),
  <StrictMode>
    <App {...props} />
  </StrictMode>,
);
