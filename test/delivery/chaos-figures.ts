/** What a chaos run saw, from both ends, and the figures the issue note reports from it. */

export interface SendRecord {
  index: number;
  text: string;
  /** The message id, known as soon as the widget queued it. */
  id?: string;
  sentAt: number;
  ackedAt?: number;
  duplicate?: boolean;
  /** Why `send()` rejected, if it did. */
  error?: string;
  /** When the first `response` event answering it fired. */
  answeredAt?: number;
}

export interface ChaosObservations {
  sends: readonly SendRecord[];
  /** Every `chat-message` id the server's store was asked to remember, in order, and whether it was new. */
  serverArrivals: readonly { id: string; fresh: boolean }[];
  /** Message ids in the order the responder was called with them. */
  responderRuns: readonly string[];
  /** `replyTo` of every `response` event, in order. */
  clientResponses: readonly string[];
  /** Ids of every `message` event in state `sent` (an ack the widget took). */
  clientAcks: readonly string[];
}

export interface Spread {
  median: number;
  p95: number;
  worst: number;
}

export interface ChaosFigures {
  sent: number;
  acked: number;
  answered: number;
  /** Never acknowledged, never answered, or never reached the responder. */
  lost: number;
  /** Acknowledged as new twice, answered twice by the responder, or shown twice by the widget. */
  doubled: number;
  /** Reached the server (as new) after a message sent later. */
  reordered: number;
  /** Acks that said `duplicate: true`: resends whose first attempt had got through. */
  duplicateAcks: number;
  /** Every id the server received, resends included. */
  serverArrivals: number;
  /** `send()` until its ack, in ms. */
  deliveryDelayMs: Spread;
  /** `send()` until its answer is shown, in ms. */
  answerDelayMs: Spread;
  /** One line per thing that went wrong, naming the message and what each end saw. */
  problems: string[];
}

export function chaosFigures(o: ChaosObservations): ChaosFigures {
  const count = (ids: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  };
  const fresh = count(o.serverArrivals.filter((a) => a.fresh).map((a) => a.id));
  const arrivals = count(o.serverArrivals.map((a) => a.id));
  const runs = count(o.responderRuns);
  const shown = count(o.clientResponses);
  const acks = count(o.clientAcks);
  const indexOf = new Map(o.sends.flatMap((s) => (s.id ? [[s.id, s.index] as const] : [])));
  const problems: string[] = [];
  let lost = 0;
  let doubled = 0;

  for (const s of o.sends) {
    const id = s.id ?? '';
    const seen = `#${s.index} ${id || '(no id)'}: acked ${s.ackedAt !== undefined}${s.error ? ` (rejected: ${s.error})` : ''}, `
      + `server arrivals ${arrivals.get(id) ?? 0} (new ${fresh.get(id) ?? 0}), responder runs ${runs.get(id) ?? 0}, `
      + `acks taken ${acks.get(id) ?? 0}, responses shown ${shown.get(id) ?? 0}`;
    if (s.ackedAt === undefined || !fresh.get(id) || !runs.get(id) || !shown.get(id)) {
      lost++;
      problems.push(`lost ${seen}`);
    }
    if ((fresh.get(id) ?? 0) > 1 || (runs.get(id) ?? 0) > 1 || (shown.get(id) ?? 0) > 1 || (acks.get(id) ?? 0) > 1) {
      doubled++;
      problems.push(`doubled ${seen}`);
    }
  }

  const reordered = outOfOrder(o.serverArrivals.filter((a) => a.fresh).map((a) => a.id), indexOf, 'reached the server', problems);
  outOfOrder(o.responderRuns, indexOf, 'was answered', problems);
  for (const id of new Set([...fresh.keys(), ...runs.keys(), ...shown.keys()])) {
    if (!indexOf.has(id)) problems.push(`unknown message id ${id} reached the server or was answered`);
  }

  const acked = o.sends.filter((s) => s.ackedAt !== undefined);
  const answered = o.sends.filter((s) => s.answeredAt !== undefined);
  return {
    sent: o.sends.length,
    acked: acked.length,
    answered: answered.length,
    lost,
    doubled,
    reordered,
    duplicateAcks: acked.filter((s) => s.duplicate).length,
    serverArrivals: o.serverArrivals.length,
    deliveryDelayMs: spread(acked.map((s) => s.ackedAt! - s.sentAt)),
    answerDelayMs: spread(answered.map((s) => s.answeredAt! - s.sentAt)),
    problems,
  };
}

/** Counts ids that came after an id sent later, and says which. */
function outOfOrder(ids: readonly string[], indexOf: ReadonlyMap<string, number>, what: string, problems: string[]): number {
  let latest = -1;
  let count = 0;
  for (const id of ids) {
    const index = indexOf.get(id);
    if (index === undefined) continue;
    if (index < latest) {
      count++;
      problems.push(`reordered: #${index} ${id} ${what} after #${latest}`);
    }
    latest = Math.max(latest, index);
  }
  return count;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: NaN, p95: NaN, worst: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { median: round(at(0.5)), p95: round(at(0.95)), worst: round(sorted.at(-1)!) };
}
