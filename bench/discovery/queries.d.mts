import type { ItemTruth } from './catalog-generator.mjs';
export interface LabelledQuery {
  text: string;
  kind: string;
  heldOut: boolean;
  intent: Record<string, unknown>;
  grades: Map<number, number>;
}
export const POLICY_QUESTIONS: string[];
export function labelledQueries(truths: ItemTruth[], options?: { count?: number; seed?: number }): LabelledQuery[];
