import { readFileSync } from 'node:fs';
import { bcryptCost } from '../handoff/auth/passwords.js';
import type { ConfiguredOperator } from '../handoff/auth/operator-auth.js';
import type { OpeningHours } from '../handoff/contracts.js';
import { openingHours } from '../handoff/hours/opening-hours.js';
import type { EnvParser } from './env-readers.js';

// The hand-off's variables hold structured values (a file of operators, a week of opening hours,
// VAPID keys): each is read and checked here at start, so a typo stops the deploy instead of
// leaving shoppers waiting for a desk nobody can sign in to.

/** A JSON file `[{ "login", "name", "passwordHash" }]` of operators, each hash a bcrypt hash. */
export function operatorsFile(): EnvParser<ConfiguredOperator[]> {
  return (raw) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(raw, 'utf8'));
    } catch (error) {
      throw new Error(`must name a readable JSON file of operators: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('must hold a non-empty JSON list of { "login", "name", "passwordHash" }');
    return parsed.map((item: unknown, index) => {
      const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      const { login, name, passwordHash } = entry;
      if (typeof login !== 'string' || typeof name !== 'string' || typeof passwordHash !== 'string') {
        throw new Error(`entry ${index} must have string "login", "name" and "passwordHash"`);
      }
      // A plain-text password here would otherwise only fail at the first sign-in.
      if (bcryptCost(passwordHash) === undefined) {
        throw new Error(`entry ${index} ("${login}") needs a bcrypt passwordHash: print one with bin/hash-operator-password.mjs`);
      }
      return { login, name, passwordHash };
    });
  };
}

/** JSON `{ "timeZone", "weekly", "closedDates"? }`, checked by building the schedule itself. */
export function openingHoursJson(): EnvParser<OpeningHours> {
  return (raw) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error('must be JSON such as {"timeZone":"Europe/Paris","weekly":{"mon":[["09:00","17:30"]]}}');
    }
    try {
      return openingHours(parsed as Parameters<typeof openingHours>[0]);
    } catch (error) {
      throw new Error(`must be valid opening hours: ${(error as Error).message}`);
    }
  };
}
