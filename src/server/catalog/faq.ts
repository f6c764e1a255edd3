import { readFileSync } from 'node:fs';
import { parseQuery } from './search/query.js';
import { terms } from './search/text.js';

/** One store policy as the merchant writes it: a question and its answer. */
export interface FaqEntry {
  question: string;
  answer: string;
}

/** A FAQ file that cannot be read as question and answer pairs. */
export class FaqFormatError extends Error {
  readonly code = 'faq_format';
  override name = 'FaqFormatError';
}

const MAX_ENTRIES = 500;
const clean = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

/**
 * Reads store policies from JSON (`[{ "question", "answer" }]`, or `{ "faq": [...] }`) or markdown
 * (each `## Question` heading followed by its answer, or `Q:` / `A:` lines). Throws a
 * `FaqFormatError` when nothing usable is found, so a wrong file is noticed at start.
 *
 * @example
 * parseFaq('## Do you ship abroad?\nYes, to 30 countries.');
 */
export function parseFaq(source: string): FaqEntry[] {
  const trimmed = source.trim();
  let entries: FaqEntry[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (error) {
      throw new FaqFormatError(`FAQ: not valid JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null && Array.isArray((doc as { faq?: unknown }).faq) ? (doc as { faq: unknown[] }).faq : [];
    entries = list.flatMap((e) => {
      const q = typeof e === 'object' && e !== null ? (e as Record<string, unknown>).question ?? (e as Record<string, unknown>).q : undefined;
      const a = typeof e === 'object' && e !== null ? (e as Record<string, unknown>).answer ?? (e as Record<string, unknown>).a : undefined;
      return typeof q === 'string' && typeof a === 'string' && q.trim() && a.trim() ? [{ question: clean(q, 500), answer: clean(a, 4000) }] : [];
    });
  } else {
    entries = [];
    let current: { question: string; answer: string[] } | undefined;
    const flush = () => {
      if (current && current.answer.join(' ').trim()) entries.push({ question: clean(current.question, 500), answer: clean(current.answer.join(' '), 4000) });
    };
    for (const line of trimmed.split(/\r?\n/)) {
      const heading = /^(?:#{1,6}\s+|q:\s*)(.+)$/i.exec(line.trim());
      if (heading) {
        flush();
        current = { question: heading[1]!, answer: [] };
      } else if (current) {
        current.answer.push(line.trim().replace(/^a:\s*/i, ''));
      }
    }
    flush();
  }
  if (entries.length === 0) throw new FaqFormatError('FAQ: no question and answer pairs found; write JSON [{ "question", "answer" }] or markdown "## Question" followed by the answer');
  return entries.slice(0, MAX_ENTRIES);
}

/** `parseFaq` over a file. */
export function loadFaqFile(path: string): FaqEntry[] {
  return parseFaq(readFileSync(path, 'utf8'));
}

/**
 * The policy that answers `text`, or undefined. An entry answers when it is about the same topic
 * (returns, shipping, opening hours, payment, contact, warranty, privacy: recognised in five
 * languages), the one sharing most words with the question winning; without a topic, only an
 * entry sharing most of the question's words.
 */
export function answerFromFaq(entries: readonly FaqEntry[], text: string): FaqEntry | undefined {
  const topic = parseQuery(text).policy;
  const asked = new Set(terms(text));
  let best: FaqEntry | undefined;
  let bestScore = 0;
  for (const entry of entries) {
    const shared = terms(entry.question).filter((t) => asked.has(t)).length;
    const sameTopic = topic !== undefined && parseQuery(entry.question).policy === topic;
    const score = (sameTopic ? 100 : 0) + shared;
    const enough = sameTopic || (asked.size > 0 && shared * 3 >= asked.size * 2 && shared >= 2);
    if (enough && score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}
