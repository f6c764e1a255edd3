import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as server from '../../src/server';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const SERVER = join(SRC, 'server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

describe('ai-discovery-widget/server', () => {
  it('exports the public API', () => {
    for (const name of ['createChatServer', 'catalogResponder', 'loadDemoCatalog', 'DEMO_IMAGES_DIR', 'MemorySessionStore', 'RedisSessionStore', 'searchCatalog', 'ResponseAborted']) {
      expect(server, name).toHaveProperty(name);
    }
    expect(typeof server.createChatServer).toBe('function');
    expect(typeof server.DEMO_IMAGES_DIR).toBe('string');
  });

  it('imports only Node built-ins, socket.io, the Redis client and adapter, the catalog feed parsers (XML, CSV), the search library and stemmer, web-push, and the protocol and server folders', () => {
    const files = sourceFiles(SERVER);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\b(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
      // make-images.mjs is a development script, never bundled: it may load its build tool.
      if (!file.endsWith('.mjs')) expect(text, relative(SRC, file)).not.toMatch(/\bimport\(/);
      for (const spec of specifiers) {
        const where = `${relative(SRC, file)} imports ${spec}`;
        if (spec.startsWith('.')) {
          const target = relative(SRC, resolve(dirname(file), spec));
          expect(target.startsWith('server') || target.startsWith('protocol'), where).toBe(true);
        } else if (!file.endsWith('.mjs')) {
          expect(['socket.io', '@redis/client', '@socket.io/redis-streams-adapter', 'fast-xml-parser', 'csv-parse/sync', 'minisearch', 'minisearch/SearchableMap', 'stemmer', 'bcryptjs', 'web-push'].includes(spec) || spec.startsWith('node:'), where).toBe(true);
        }
      }
      expect(text, relative(SRC, file)).not.toMatch(/\b(window|document|navigator|localStorage)\./);
    }
  });

  it('keeps every source file under 300 lines', () => {
    for (const file of sourceFiles(SERVER)) {
      expect(readFileSync(file, 'utf8').split('\n').length, relative(SRC, file)).toBeLessThanOrEqual(300);
    }
  });
});
