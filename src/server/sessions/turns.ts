/** The first `max` characters of a turn, one fewer if the cut would split a surrogate pair. */
export function cutTurn(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * The most recent turns within both bounds, oldest first, starting with a shopper turn (a model
 * reads an answer without its question as noise). A turn longer than what is left of `maxChars`
 * ends the history there rather than being cut mid-sentence.
 */
export function recentWithin<T extends { role: string; text: string }>(turns: readonly T[], maxTurns: number, maxChars: number): T[] {
  const kept: T[] = [];
  let chars = 0;
  for (let i = turns.length - 1; i >= 0 && kept.length < maxTurns; i--) {
    const turn = turns[i]!;
    if (chars + turn.text.length > maxChars) break;
    chars += turn.text.length;
    kept.unshift(turn);
  }
  while (kept.length > 0 && kept[0]!.role !== 'shopper') kept.shift();
  return kept;
}
