import type { LabelledQuery } from './queries.mjs';
export interface Evaluation {
  ndcg: number;
  exact: number;
  count: number;
  perQuery: { text: string; kind: string; ndcg: number; exact: number }[];
}
export function scoreQuestion(query: LabelledQuery, ranked: number[]): { ndcg: number; exact: number };
export function evaluate(queries: LabelledQuery[], rank: (text: string) => number[]): Evaluation;
export function plainBm25(catalog: { items: readonly unknown[] }): (text: string) => number[];
export function ours(catalog: unknown, CatalogSearch: unknown): (text: string) => number[];
