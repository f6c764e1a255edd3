import { useRef, useState } from 'preact/hooks';
import type { ProductItem } from '../../protocol/types.js';
import { formatPrice } from '../../ui/panel/blocks.js';
import type { InboxClient } from '../inbox-client.js';

/**
 * The reply: markdown text (the shopper's panel renders it with the same renderer as the
 * assistant's answers) and product cards picked from a catalog search. Enter sends, Shift+Enter
 * starts a new line; each edit keeps the shopper's "typing" indicator alive.
 */
export function ReplyBox({ client, sessionId, locale }: { client: InboxClient; sessionId: string; locale: string }) {
  const [text, setText] = useState('');
  const [attached, setAttached] = useState<ProductItem[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProductItem[] | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  const send = () => {
    if (text.trim() === '' && attached.length === 0) return;
    client.reply(sessionId, text, attached);
    setText('');
    setAttached([]);
    setResults(undefined);
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const search = async (event: Event) => {
    event.preventDefault();
    if (query.trim() === '') return;
    setSearching(true);
    const items = await client.searchCatalog(query.trim());
    setSearching(false);
    setResults(items);
  };
  const attach = (product: ProductItem) => {
    if (!attached.some((p) => p.id === product.id)) setAttached([...attached, product]);
  };

  return (
    <section class="reply" aria-label="Reply">
      <form class="catalog" role="search" aria-label="Catalog" onSubmit={search}>
        <label for="catalog-query" class="sr-only">
          Search the catalog
        </label>
        <input id="catalog-query" type="search" placeholder="Search the catalog" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <button type="submit" disabled={searching} aria-busy={searching}>
          Search
        </button>
      </form>
      {results ? (
        <ul class="results" aria-label="Catalog results">
          {results.length === 0 ? <li>No products found.</li> : null}
          {results.map((p) => (
            <li key={p.id}>
              <span class="result-title">{p.title}</span>
              {p.price ? <span class="price">{formatPrice(p.price.amount, p.price.currency, locale)}</span> : null}
              <button type="button" onClick={() => attach(p)} disabled={attached.some((a) => a.id === p.id)} aria-label={`Attach ${p.title}`}>
                Attach
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {attached.length > 0 ? (
        <ul class="attached" aria-label="Attached products">
          {attached.map((p) => (
            <li key={p.id}>
              {p.title}{' '}
              <button type="button" onClick={() => setAttached(attached.filter((a) => a.id !== p.id))} aria-label={`Remove ${p.title}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        class="compose"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label for="reply-text" class="sr-only">
          Reply to the shopper
        </label>
        <textarea
          id="reply-text"
          ref={input}
          rows={2}
          maxLength={4000}
          placeholder="Reply… (markdown: **bold**, *italic*, - lists, [links](https://…))"
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            client.composing(sessionId);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="primary" disabled={text.trim() === '' && attached.length === 0}>
          Send
        </button>
      </form>
    </section>
  );
}
