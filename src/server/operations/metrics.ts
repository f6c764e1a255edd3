import type { LogEntry } from './logger.js';

/** Upper bounds (seconds) of the response latency histogram: a first token in 50 ms to a slow model. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/**
 * Prometheus metrics, counted from the server's structured log entries (every entry, whatever the
 * log level), so what is logged and what is counted cannot drift apart. Rendered in the text
 * exposition format, version 0.0.4.
 */
export class ChatMetrics {
  private readonly messages = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly refused = new Map<string, number>();
  private readonly latency = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
  private internal = 0;
  private takeovers = 0;

  /** Feed it every log entry. */
  readonly observe = (entry: LogEntry): void => {
    switch (entry.event) {
      case 'message':
        bump(this.messages, String(entry.outcome));
        if (isErrorCode(entry.outcome)) bump(this.errors, entry.outcome);
        break;
      case 'refused':
        bump(this.refused, String(entry.code));
        bump(this.errors, String(entry.code));
        break;
      case 'response':
        if (typeof entry.durationMs === 'number') this.time(entry.durationMs / 1000);
        if (typeof entry.code === 'string') bump(this.errors, entry.code);
        break;
      case 'error':
        this.internal++;
        break;
      case 'takeover':
        this.takeovers++;
        break;
      default:
    }
  };

  /** The exposition text; `connections` is read at scrape time rather than counted. */
  render(connections: number): string {
    const lines: string[] = [];
    const gauge = (name: string, help: string, value: number) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    const counter = (name: string, help: string, label: string, values: Map<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [key, value] of [...values].sort()) lines.push(`${name}{${label}="${escapeLabel(key)}"} ${value}`);
    };
    gauge('aidw_connections', 'Open Socket.IO connections.', connections);
    counter('aidw_messages_total', 'Shopper messages by outcome (accepted, duplicate, or the refusal code).', 'outcome', this.messages);
    counter('aidw_refused_events_total', 'Socket events and HTTP requests refused before handling, by code.', 'code', this.refused);
    counter('aidw_errors_total', 'Protocol errors sent to clients (refusals and failed responses), by code.', 'code', this.errors);
    lines.push('# HELP aidw_internal_errors_total Failures reported to onError.', '# TYPE aidw_internal_errors_total counter', `aidw_internal_errors_total ${this.internal}`);
    lines.push(
      '# HELP aidw_answer_takeovers_total Messages this process answered after the process answering them died.',
      '# TYPE aidw_answer_takeovers_total counter', `aidw_answer_takeovers_total ${this.takeovers}`,
    );
    const name = 'aidw_response_duration_seconds';
    lines.push(`# HELP ${name} Time from the start of answering to the final chat-response.`, `# TYPE ${name} histogram`);
    LATENCY_BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{le="${bound}"} ${this.latency.counts[i] ?? 0}`));
    lines.push(`${name}_bucket{le="+Inf"} ${this.latency.count}`, `${name}_sum ${this.latency.sum}`, `${name}_count ${this.latency.count}`);
    return `${lines.join('\n')}\n`;
  }

  private time(seconds: number): void {
    this.latency.count++;
    this.latency.sum += seconds;
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.latency.counts[i] = (this.latency.counts[i] ?? 0) + 1;
    });
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function isErrorCode(value: unknown): value is string {
  return typeof value === 'string' && value !== 'accepted' && value !== 'duplicate';
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
