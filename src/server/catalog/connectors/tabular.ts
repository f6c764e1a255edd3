import { parse } from 'csv-parse/sync';
import { CatalogError } from './errors.js';
import type { Loose } from './values.js';

/**
 * Rows of a CSV or TSV file as records keyed by the header row. csv-parse handles what hand-made
 * parsers get wrong in real exports: quoted fields with commas and newlines (Magento descriptions),
 * doubled quotes, a byte-order mark, CRLF, and ragged rows.
 */
export function readTable(body: string, where: string, delimiter?: string): Loose[] {
  const separator = delimiter ?? guessDelimiter(body);
  try {
    return parse(body, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      delimiter: separator,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // TSV feeds (Google Merchant) do not quote: a stray quote is text, not a field boundary.
      quote: separator === '\t' ? false : '"',
      trim: false,
    }) as Loose[];
  } catch (error) {
    throw new CatalogError('malformed', `${where} is not readable CSV: ${(error as Error).message.slice(0, 160)}`, { cause: error });
  }
}

/** Tab when the header line has tabs, else semicolon when it has more of those than commas, else comma. */
export function guessDelimiter(body: string): string {
  const header = body.slice(0, body.indexOf('\n') === -1 ? body.length : body.indexOf('\n'));
  if (header.includes('\t')) return '\t';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}
