import { describe, expect, it } from 'vitest';
import { jsonConnector, type CatalogConnector } from '../../../src/server/catalog/index';
import { ServerCatalog } from '../../../src/server/catalog/sync/server-catalog';
import { fixturePath } from './stand-in';

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
