import type { CatalogReport } from '../model.js';

/**
 * Why a catalog could not be loaded. A sync that fails for any of these keeps the last good
 * catalog; the code goes to logs, `/readyz` and `/metrics` as it is.
 */
export type CatalogErrorCode =
  /** The request took longer than `timeoutMs`. */
  | 'timeout'
  /** The store answered with a status other than 2xx. */
  | 'http_status'
  /** The request did not get an answer (DNS, refused, reset). */
  | 'network'
  /** A response or file was larger than `maxBytes`. */
  | 'too_large'
  /** A page or file was not in the format it claimed to be (bad JSON, XML, CSV, GraphQL errors). */
  | 'malformed'
  /** More pages than `maxPages`: rather than a silently partial catalog, nothing. */
  | 'too_many_pages'
  /** Every entry was dropped, or the feed had none: an empty catalog never replaces a good one. */
  | 'empty'
  /** The catalog shrank by more than `maxShrink` and was held back until a second sync agrees. */
  | 'shrunk'
  /** A file path could not be read. */
  | 'file';

/** A failed catalog load or sync, with a `code` for logs and metrics. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';

  /** For `empty`: what was read and why each entry was dropped. */
  readonly report?: CatalogReport;

  constructor(readonly code: CatalogErrorCode, message: string, options?: { cause?: unknown; report?: CatalogReport }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.report) this.report = options.report;
  }
}
