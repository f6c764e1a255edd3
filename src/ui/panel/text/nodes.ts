/**
 * The tree the markdown subset parses into: plain objects, never HTML, so a renderer can only ever
 * create the elements named here, with text as text.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' };

export type BlockNode =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] };

/**
 * Counts the parser's work: one step per character it looks at. Tests and the bench read it to
 * show that cost grows with the length of the text and not faster, which a clock on a shared
 * machine cannot show reliably.
 */
export interface ParseMeter {
  steps: number;
}
