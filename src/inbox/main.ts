import { mountInbox } from './index.js';

// The page's entry (build/inbox.ts): the route's HTML has `<div id="inbox">` and loads this as a module.
const root = document.getElementById('inbox');
if (!root) throw new Error('inbox: the page needs an element with id="inbox" to render into');
mountInbox(root);
