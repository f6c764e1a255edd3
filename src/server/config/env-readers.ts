import { isIP } from 'node:net';
import type { BucketRule } from '../guards/rate-limiter.js';

/**
 * A configuration the server refuses: every malformed variable at once, each named, so one
 * deploy attempt shows them all. The command prints it as `config_refused` and exits 2.
 */
export class ConfigError extends Error {
  readonly code = 'config_refused';

  constructor(readonly variables: readonly string[], readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/**
 * Turns a variable's text (trimmed, never empty: an empty variable counts as unset) into a typed
 * value, or throws an Error whose message says what the value should look like (the caller adds
 * the variable's name and the value).
 */
export type EnvParser<T> = (raw: string) => T;

const MAX_DIGITS = 15;

/** Plain decimal digits only: no sign, fraction, exponent, hex or underscore. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER): EnvParser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || raw.length > MAX_DIGITS || value < min || value > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

const TRUE = ['true', 'on', '1'];
const FALSE = ['false', 'off', '0'];

/** `true`/`false`, `on`/`off` or `1`/`0`, in any case. */
export function bool(): EnvParser<boolean> {
  return (raw) => {
    const value = raw.toLowerCase();
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    throw new Error('must be true or false (or on/off, 1/0)');
  };
}

/** `off` (or `false`) for a feature that is on by default, otherwise what `parser` reads. */
export function offOr<T>(parser: EnvParser<T>): EnvParser<T | false> {
  return (raw) => {
    if (FALSE.slice(0, 2).includes(raw.toLowerCase())) return false;
    try {
      return parser(raw);
    } catch (error) {
      throw new Error(`${(error as Error).message}, or off`);
    }
  };
}

export function oneOf<T extends string>(allowed: readonly T[]): EnvParser<T> {
  return (raw) => {
    if (!(allowed as readonly string[]).includes(raw)) throw new Error(`must be one of ${allowed.join(', ')}`);
    return raw as T;
  };
}

/** Any text. */
export function text(minLength = 1): EnvParser<string> {
  return (raw) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
    return raw;
  };
}

/** An address to listen on: an IPv4 or IPv6 address, or a host name; no scheme, no port. */
export function host(): EnvParser<string> {
  return (raw) => {
    if (isIP(raw) === 0 && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(raw)) {
      throw new Error('must be an IP address or host name such as 0.0.0.0, :: or localhost, without scheme or port');
    }
    return raw;
  };
}

/**
 * `*`, or comma-separated origins as browsers send them: `scheme://host[:port]` (http or https),
 * no path, query or credentials. A bare `host:port` would start a server that refuses every page.
 */
export function origins(): EnvParser<string[] | '*'> {
  return (raw) => {
    const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 1 && items[0] === '*') return '*';
    if (items.length === 0) throw new Error('must list at least one origin, or be *');
    return items.map((item) => {
      if (item === '*') throw new Error('may be * alone, not * among origins');
      const url = parseUrl(item);
      if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== ''
        || url.pathname !== '/' || url.search !== '' || url.hash !== '' || item.endsWith('#') || item.endsWith('?')) {
        throw new Error(`must list origins as scheme://host[:port] such as https://shop.example, got ${JSON.stringify(item)}`);
      }
      return url.origin;
    });
  };
}

/** An absolute URL with one of `protocols` (such as `['http:', 'https:']`). */
export function url(protocols: readonly string[], example: string): EnvParser<string> {
  return (raw) => {
    const parsed = parseUrl(raw);
    if (parsed === undefined || !protocols.includes(parsed.protocol) || parsed.hostname === '') {
      throw new Error(`must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL such as ${example}`);
    }
    return raw;
  };
}

/** A URL path for the server to answer: `/` and then URL path characters, no query or fragment. */
export function path(): EnvParser<string> {
  return (raw) => {
    if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(raw)) throw new Error('must be a path such as /api/chat, or off');
    return raw;
  };
}

/** A Redis key prefix: no spaces, and no braces, which would break the sessions' cluster hash tags. */
export function keyPrefix(): EnvParser<string> {
  return (raw) => {
    if (!/^[^\s{}]+$/.test(raw)) throw new Error('must be a prefix without spaces or braces, such as shop1:');
    return raw;
  };
}

/** `burst/perSecond`, e.g. `30/5`: burst a whole number from 1, perSecond a positive number. */
export function bucket(): EnvParser<BucketRule> {
  return (raw) => {
    const match = /^(\d{1,9})\s*\/\s*(\d{1,9}(?:\.\d{1,6})?)$/.exec(raw);
    const burst = Number(match?.[1]);
    const perSecond = Number(match?.[2]);
    if (!match || burst < 1 || !(perSecond > 0)) throw new Error('must be burst/perSecond such as 30/5');
    return { burst, perSecond };
  };
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** `max/windowMs`, e.g. `30/600000`: at most `max` new sessions per window, both whole numbers from 1. */
export function sessionWindow(): EnvParser<{ max: number; windowMs: number }> {
  return (raw) => {
    const match = /^(\d{1,9})\s*\/\s*(\d{1,12})$/.exec(raw);
    const max = Number(match?.[1]);
    const windowMs = Number(match?.[2]);
    if (!match || max < 1 || windowMs < 1000) throw new Error('must be max/windowMs such as 30/600000 (a window of at least 1000 ms)');
    return { max, windowMs };
  };
}
