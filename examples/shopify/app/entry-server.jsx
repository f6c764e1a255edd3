import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './App.jsx';

/** The page's HTML, rendered in Node with no DOM (routes.mjs puts it in the document). */
export function render(props) {
  return renderToString(
    <StrictMode>
      <App {...props} />
    </StrictMode>,
  );
}
