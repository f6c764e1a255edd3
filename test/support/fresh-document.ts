import { beforeAll } from 'vitest';

/** jsdom's address in vitest's environment. */
const FIRST_ADDRESS = 'http://localhost:3000/';

/**
 * Gives a jsdom file a blank document, empty storage and the environment's first address, as an
 * environment of its own would. Globals a file sets on `window` stay its own business (the files
 * remove what they add). test/suite-fresh-document.test.ts checks it.
 */
export function freshDocument(): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  for (const attribute of [...root.attributes]) root.removeAttribute(attribute.name);
  root.replaceChildren(document.createElement('head'), document.createElement('body'));
  localStorage.clear();
  sessionStorage.clear();
  if (location.href !== FIRST_ADDRESS && location.origin === new URL(FIRST_ADDRESS).origin) history.replaceState(null, '', FIRST_ADDRESS);
}

/*
 * Run before every test file (vitest.config.ts, setupFiles). Without isolation a worker keeps its
 * environment from one file to the next of the same environment, so a jsdom file started with the
 * document, storage and address the previous jsdom file left: a launcher one file drew was found by
 * the next file's `querySelector`.
 */
beforeAll(freshDocument);
