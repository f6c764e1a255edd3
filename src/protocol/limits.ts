/** Size limits both sides enforce. The server may be configured tighter or looser. */
export interface ProtocolLimits {
  /** Longest shopper message, in UTF-16 code units. @default 4000 */
  maxTextLength: number;
  /** Largest `context`, as serialised JSON characters. @default 8192 */
  maxContextSize: number;
  /** Deepest nesting of objects and arrays in free-form JSON. @default 8 */
  maxDepth: number;
  /** Most keys and array items, counted across one free-form JSON value. @default 200 */
  maxKeys: number;
  /** Longest assistant text in one response. @default 20000 */
  maxResponseLength: number;
  /** Longest streamed delta. @default 4000 */
  maxDeltaLength: number;
  /** Most blocks in one response and items in one block. @default 24 */
  maxBlockItems: number;
  /** Most responses in one `session-sync` answer. @default 500 */
  maxSyncResponses: number;
}

export const DEFAULT_LIMITS: Readonly<ProtocolLimits> = Object.freeze({
  maxTextLength: 4000,
  maxContextSize: 8192,
  maxDepth: 8,
  maxKeys: 200,
  maxResponseLength: 20000,
  maxDeltaLength: 4000,
  maxBlockItems: 24,
  maxSyncResponses: 500,
});

/** Fills in defaults; a key given as `undefined` keeps its default instead of switching the limit off. */
export function withLimits(limits: Partial<ProtocolLimits> = {}): ProtocolLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof ProtocolLimits)[]) {
    const value = limits[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
