export interface ItemTruth {
  type: string;
  dept: string;
  brand: string;
  colours: string[];
  sizes: string[];
  features: string[];
  variants: { colour: string; size: string; price: number; available: boolean }[];
}
export function random(seed: number): () => number;
export const COLOURS: string[];
export const BRANDS: string[];
export const TYPES: { type: string; plural: string; dept: string; price: [number, number]; size?: string[]; capacity?: string[]; adjectives: string[]; features: string[] }[];
export function generateCatalog(options: { count: number; seed?: number }): { catalog: { currency: string; items: unknown[] }; truths: ItemTruth[] };
