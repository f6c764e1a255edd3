import { afterEach, describe, expect, it } from 'vitest';
import { createChatServer, type RespondContext } from '../../../src/server';
import { jsonConnector, searchProductsTool, type CatalogConnector } from '../../../src/server/catalog/index';
import { CatalogSearch } from '../../../src/server/catalog/search/catalog-search';
import { ServerCatalog } from '../../../src/server/catalog/sync/server-catalog';
import { Recorder, connectedClient, message, uniqueId, type ClientSocket } from '../helpers';
import { fixturePath } from './stand-in';

/** A search that counts the questions it is asked and the indexes it builds. */
class CountingSearch extends CatalogSearch {
  asked = 0;
  builds = 0;
  override indexFor(catalog: Parameters<CatalogSearch['indexFor']>[0]) {
    this.asked++;
    if (!this.holds(catalog)) this.builds++;
    return super.indexFor(catalog);
  }
}

describe('ServerCatalog: the search index is built when a catalog version arrives', () => {
  it('holds the index of every new version before the first question, and stops preparing once closed', async () => {
    const file = jsonConnector({ url: fixturePath('products.json') });
    let loads = 0;
    // Each load is a new catalog object with a new version, as a store's sync would give.
    const connector: CatalogConnector = { ...file, load: async () => ({ ...(await file.load()), version: `v${++loads}` }) };
    const catalog = new ServerCatalog({ connector, refreshMs: false }, { log: () => {} });
    await catalog.start();
    const first = catalog.source.current()!;
    expect(catalog.search.holds(first)).toBe(true);

    await catalog.source.refresh();
    const second = catalog.source.current()!;
    expect(second.version).not.toBe(first.version);
    expect(catalog.search.holds(second)).toBe(true);
    // The responder answers from the prepared index rather than building another.
    expect(catalog.search.search(second, 'anything at all').query).toBeDefined();
    expect(catalog.search.holds(second)).toBe(true);

    await catalog.close();
  });
});

describe('responders answer from the server\'s prepared search', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('hands ctx.catalogSearch, already holding the current version, to every responder', async () => {
    let seen: RespondContext | undefined;
    const server = createChatServer({
      port: 0, host: '127.0.0.1',
      catalog: { connector: jsonConnector({ url: fixturePath('products.json') }), refreshMs: false },
      respond: (_message, ctx) => {
        seen = ctx;
        return Promise.resolve({ response: 'ok' });
      },
    });
    closers.push(() => server.close());
    await server.ready;
    const sessionId = uniqueId('s');
    const socket: ClientSocket = await connectedClient(`http://127.0.0.1:${server.port}`, sessionId);
    closers.push(() => void socket.disconnect());
    const recorder = new Recorder(socket);
    const m = message(sessionId, 'hello');
    await socket.emitWithAck('chat-message', m);
    await recorder.responseTo(m.id);
    const catalog = seen?.catalog?.();
    expect(catalog?.items.length).toBeGreaterThan(0);
    expect(seen?.catalogSearch?.holds(catalog!)).toBe(true);
  });

  it('search_products uses the context\'s search for the context\'s catalog, and its own for a catalog of its own', async () => {
    const catalog = await jsonConnector({ url: fixturePath('products.json') }).load();
    const shared = new CountingSearch();
    shared.prepare(catalog);
    expect(shared.builds).toBe(1);
    const askedBefore = shared.asked;
    const ctx = { catalog: () => catalog, catalogSearch: shared } as unknown as RespondContext;
    const tool = searchProductsTool();
    await tool.run({ query: 'shoes' }, ctx);
    await tool.run({ query: 'red' }, ctx);
    // The tool searched the shared index, and built no second one of the same version.
    expect(shared.asked).toBe(askedBefore + 2);
    expect(shared.builds).toBe(1);

    const mine = searchProductsTool({ catalog });
    const other = { ...catalog, version: 'another' };
    await mine.run({ query: 'shoes' }, { catalog: () => other, catalogSearch: shared } as unknown as RespondContext);
    expect(shared.asked).toBe(askedBefore + 2);
    expect(shared.holds(other)).toBe(false);
  });
});
