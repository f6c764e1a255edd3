import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the webhook handler needs of a source: a way to ask for a sync. */
export interface Refreshable {
  refresh(): Promise<void>;
}

export interface CatalogWebhookOptions {
  /**
   * The shared secret(s): Shopify's app client secret (or the one a store shows under
   * Notifications > Webhooks), WooCommerce's webhook secret. Several when both platforms call.
   */
  secret: string | readonly string[];
  /** The path it answers; other requests are left for the next handler. @default '/catalog/refresh' */
  path?: string;
  /** Largest body read; platforms send a product (a few KB). @default 1048576 (1 MB) */
  maxBodyBytes?: number;
}

/** `(request, response) => boolean`: true when the request was its path and it answered it. */
export type CatalogWebhookHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

const SIGNATURE_HEADERS = ['x-shopify-hmac-sha256', 'x-wc-webhook-signature'] as const;

/**
 * A refresh endpoint for platform webhooks (product created, updated, deleted): it checks the
 * signature both Shopify (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`)
 * send, the base64 HMAC-SHA256 of the raw body with the shared secret, in constant time, then
 * answers 202 and asks the source for a sync (it does not wait for it: platforms time out in
 * seconds). Unsigned or wrongly signed requests get 401 and change nothing.
 *
 * @example
 * const onWebhook = catalogWebhookHandler(source, { secret: process.env.CATALOG_WEBHOOK_SECRET });
 * http.createServer((req, res) => { if (!onWebhook(req, res)) app(req, res); });
 */
export function catalogWebhookHandler(source: Refreshable, options: CatalogWebhookOptions): CatalogWebhookHandler {
  const secrets = (typeof options?.secret === 'string' ? [options.secret] : [...(options?.secret ?? [])]).filter((s) => typeof s === 'string' && s !== '');
  if (secrets.length === 0) throw new TypeError('catalogWebhookHandler: pass `secret`, the webhook secret the platform signs with');
  const path = options.path ?? '/catalog/refresh';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return (request, response) => {
    if ((request.url ?? '').split('?')[0] !== path) return false;
    if (request.method !== 'POST') {
      request.resume();
      answer(response, 405, 'use POST\n', { allow: 'POST' });
      return true;
    }
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (declared > maxBodyBytes) {
      request.resume();
      answer(response, 413, 'body too large\n', { connection: 'close' });
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        done = true;
        answer(response, 413, 'body too large\n', { connection: 'close' });
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => {
      done = true;
    });
    request.on('end', () => {
      if (done) return;
      done = true;
      const body = Buffer.concat(chunks);
      const header = SIGNATURE_HEADERS.map((name) => request.headers[name]).find((value) => value !== undefined);
      const given = typeof header === 'string' ? header.trim() : undefined;
      if (given === undefined) {
        // WooCommerce pings a new webhook's URL, unsigned, before saving it; it must get a 2xx.
        if (/^webhook_id=\d+$/.test(body.toString('latin1'))) answer(response, 200, 'ok\n');
        else answer(response, 401, 'missing signature\n');
        return;
      }
      if (!secrets.some((secret) => signatureMatches(body, secret, given))) {
        answer(response, 401, 'bad signature\n');
        return;
      }
      answer(response, 202, 'refresh queued\n');
      void source.refresh().catch(() => undefined);
    });
    return true;
  };
}

/** Base64 HMAC-SHA256 of the raw body, compared in constant time (lengths are not secret). */
export function signatureMatches(body: Buffer, secret: string, given: string): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  const received = Buffer.from(given, 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}

function answer(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(text);
}
