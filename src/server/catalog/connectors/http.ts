import { readFile, stat } from 'node:fs/promises';
import { CatalogError } from './errors.js';

/** How connectors reach a store. Every option has a default; tests inject `fetch`. */
export interface HttpOptions {
  /** A WHATWG fetch. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Per request, headers and body included. @default 20000 */
  timeoutMs?: number;
  /** Largest response (or file) read, in bytes. @default 52428800 (50 MB) */
  maxBytes?: number;
  /** Most pages read in one sync; more is an error rather than a silently partial catalog. @default 1000 */
  maxPages?: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export interface RequestInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export const HTTP_DEFAULTS = { timeoutMs: 20_000, maxBytes: 50 * 1024 * 1024, maxPages: 1000 };

/** One GET or POST with a timeout and a size cap; a status outside 2xx is a `http_status` error. */
export class HttpClient {
  readonly maxPages: number;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: HttpOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs;
    this.maxBytes = options.maxBytes ?? HTTP_DEFAULTS.maxBytes;
    this.maxPages = options.maxPages ?? HTTP_DEFAULTS.maxPages;
  }

  async request(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
    const shown = redact(url);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.fetch(url, { method: init.method ?? 'GET', headers: { accept: 'application/json, application/xml, text/csv, */*', ...init.headers }, ...(init.body !== undefined && { body: init.body }), signal, redirect: 'follow' });
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        throw new CatalogError('http_status', `${shown} answered ${response.status}`);
      }
      const body = await this.readCapped(response, shown);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      if (signal.aborted) throw new CatalogError('timeout', `${shown} did not answer within ${this.timeoutMs} ms`, { cause: error });
      throw new CatalogError('network', `${shown} could not be reached: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }

  /** A URL through `request`, or a file path from disk, with the same size cap. */
  async readSource(location: string): Promise<string> {
    if (/^https?:\/\//i.test(location)) return (await this.request(location)).body;
    try {
      const info = await stat(location);
      if (info.size > this.maxBytes) throw new CatalogError('too_large', `${location} is ${info.size} bytes, more than maxBytes (${this.maxBytes})`);
      return await readFile(location, 'utf8');
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      throw new CatalogError('file', `${location} could not be read: ${(error as Error).message}`, { cause: error });
    }
  }

  private async readCapped(response: Response, shown: string): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    const tooLarge = () => new CatalogError('too_large', `${shown} sent more than maxBytes (${this.maxBytes})`);
    if (declared > this.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) return '';
    // Counted while streaming: a missing or lying content-length must not let a store fill memory.
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** A URL as it may appear in logs and reports: no credentials, no query parameter that may hold one. */
export function redact(location: string): string {
  try {
    const url = new URL(location);
    for (const name of [...url.searchParams.keys()]) {
      if (/token|key|secret|sig|auth|pass/i.test(name)) url.searchParams.set(name, '…');
    }
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return location;
  }
}

/** JSON from a page, or a `malformed` error naming the page. */
export function parseJson(body: string, where: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new CatalogError('malformed', `${where} is not JSON: ${(error as Error).message.slice(0, 120)}`, { cause: error });
  }
}
