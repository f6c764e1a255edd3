export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One structured log line. `event` names what happened (`connection`, `origin_refused`,
 * `rate_limited`, `message`, `error`...); the other fields are ids, counts and codes. Shopper text
 * is only in it when `logMessageText` is on.
 */
export interface LogEntry {
  level: LogLevel;
  event: string;
  [field: string]: unknown;
}

/** Receives every log entry at or above the server's `logLevel`. */
export type ChatLogger = (entry: LogEntry) => void;

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * A logger writing one JSON object per line, with `time` (ISO 8601) first, to a stream (stderr by
 * default), as log collectors (Loki, CloudWatch, Datadog) read them.
 *
 * @example
 * createChatServer({ logger: jsonLogger(process.stdout), logLevel: 'info' });
 */
export function jsonLogger(stream: { write(line: string): unknown } = process.stderr): ChatLogger {
  return (entry) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry }, errorsAsJson)}\n`);
  };
}

/** Drops entries below `level`. */
export function atLevel(logger: ChatLogger, level: LogLevel): ChatLogger {
  const min = RANK[level];
  return (entry) => {
    if (RANK[entry.level] >= min) logger(entry);
  };
}

function errorsAsJson(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
